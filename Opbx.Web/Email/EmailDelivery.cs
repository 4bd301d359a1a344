using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Opbx.Email;

/// <summary>Sends one message over SMTP, or writes it as an .eml file to the pickup folder when no SMTP host is set.</summary>
public sealed class EmailDelivery(IOptions<OpbxOptions> options)
{
    public async Task SendAsync(string to, string subject, string html, CancellationToken ct)
    {
        var o = options.Value;
        using var message = new MailMessage { From = new MailAddress(o.Smtp.From), Subject = subject, Body = html, IsBodyHtml = true };
        message.To.Add(to);
        using var client = new SmtpClient();
        if (string.IsNullOrWhiteSpace(o.Smtp.Host))
        {
            var pickup = o.DataPath("mail");
            Directory.CreateDirectory(pickup);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = pickup;
        }
        else
        {
            client.Host = o.Smtp.Host;
            client.Port = o.Smtp.Port;
            client.EnableSsl = o.Smtp.EnableSsl;
            client.Timeout = 15_000;
            if (!string.IsNullOrEmpty(o.Smtp.User)) client.Credentials = new NetworkCredential(o.Smtp.User, o.Smtp.Password);
        }
        await client.SendMailAsync(message, ct);
    }
}
