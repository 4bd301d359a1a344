using Microsoft.AspNetCore.Identity.UI.Services;

namespace Opbx.Email;

/// <summary>Identity UI's e-mails (password reset, confirmation) go through the same queued, retried send.</summary>
public sealed class IdentityEmailSender(Mailer mailer) : IEmailSender
{
    public Task SendEmailAsync(string email, string subject, string htmlMessage) => mailer.QueueRawAsync(email, subject, htmlMessage);
}
