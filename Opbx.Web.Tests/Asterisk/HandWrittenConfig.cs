using System.Security.Cryptography;
using System.Text;
using Opbx.Asterisk;
using Opbx.Tests.Asterisk.Harness;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// A small configuration written by hand in the shape Opbx's renderer produces (organization folders included by
/// absolute path from the four top-level files). Test-only: it proves the harness, the config folder, the reloader and
/// the verification against the real Asterisk; the product's own renderer is tested by its own golden files.
/// </summary>
public sealed class HandWrittenConfig(string configDirectory, string key)
{
    public const string Realm = "opbx";

    public string Key { get; } = key;
    public List<Phone> Phones { get; } = [];
    public bool Queue { get; set; } = true;

    /// <summary>An outbound registration to a carrier's registrar at this address:port.</summary>
    public string? RegistrarAt { get; set; }

    /// <summary>A carrier at this address:port: "9" + number goes out to it with <see cref="Did"/> as caller ID; calls from its address to the DID ring extension 100.</summary>
    public string? CarrierAt { get; set; }

    public string Did => "15550100";

    public string Context => $"{Key}-internal";
    public string QueueName => $"{Key}-support";
    public string Registration => $"{Key}-carrier";

    /// <summary>A phone with extension <paramref name="number"/>; a <paramref name="broken"/> one carries a setting Asterisk rejects.</summary>
    public Phone AddPhone(string number, bool broken = false)
    {
        var phone = new Phone(number, new SipAccount($"{Key}-{number}", $"secret-{Key}-{number}-0123456789"), broken);
        Phones.Add(phone);
        return phone;
    }

    public static HandWrittenConfig NewOrganization(AsteriskServer asterisk) =>
        new(asterisk.ConfigDirectory, "t" + Guid.NewGuid().ToString("N")[..6]);

    public RenderedConfig Render()
    {
        var org = $"orgs/{Key}";
        string Include(string file) => $"#include \"{configDirectory}/{org}/{file}\"\n";
        return new RenderedConfig([
            new ConfigFile($"{org}/pjsip.conf", Pjsip(), AsteriskModule.Pjsip),
            new ConfigFile($"{org}/extensions.conf", Dialplan(), AsteriskModule.Dialplan),
            new ConfigFile($"{org}/queues.conf", Queue ? $"[{QueueName}]\nstrategy = ringall\nmember => PJSIP/{Phones[0].Account.Username}\n" : "", AsteriskModule.Queues),
            new ConfigFile($"{org}/voicemail.conf", $"[{Key}]\n" + string.Concat(Phones.Select(p => $"{p.Number} => 4321,Phone {p.Number}\n")), AsteriskModule.Voicemail),
            new ConfigFile("opbx_pjsip.conf", Include("pjsip.conf"), AsteriskModule.Pjsip),
            new ConfigFile("opbx_extensions.conf", Include("extensions.conf"), AsteriskModule.Dialplan),
            new ConfigFile("opbx_queues.conf", Include("queues.conf"), AsteriskModule.Queues),
            new ConfigFile("opbx_voicemail.conf", Include("voicemail.conf"), AsteriskModule.Voicemail),
        ]);
    }

    private string Pjsip()
    {
        var text = new StringBuilder();
        foreach (var (number, account, broken) in Phones)
        {
            var digest = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{account.Username}:{Realm}:{account.Password}")));
            text.Append($"""
                [{account.Username}]
                type = endpoint
                context = {Context}
                disallow = all
                allow = ulaw
                direct_media = no
                accountcode = {Key}
                callerid = "Phone {number}" <{number}>
                auth = {account.Username}-auth
                aors = {account.Username}
                {(broken ? "dtmf_mode = smoke_signals\n" : "")}
                [{account.Username}-auth]
                type = auth
                auth_type = digest
                username = {account.Username}
                realm = {Realm}
                password_digest = MD5:{digest}

                [{account.Username}]
                type = aor
                max_contacts = 1
                remove_existing = yes


                """);
        }
        if (CarrierAt is { } carrier)
        {
            // Matched by its address alone (identify), never challenged: exactly the carrier's address, not a range.
            text.Append($"""
                [{Key}-carrier]
                type = endpoint
                context = {Key}-from-carrier
                disallow = all
                allow = ulaw
                direct_media = no
                accountcode = {Key}
                aors = {Key}-carrier

                [{Key}-carrier]
                type = aor
                contact = sip:{carrier}

                [{Key}-carrier]
                type = identify
                endpoint = {Key}-carrier
                match = {carrier.Split(':')[0]}


                """);
        }
        if (RegistrarAt is { } registrar)
        {
            text.Append($"""
                [{Registration}]
                type = registration
                server_uri = sip:{registrar}
                client_uri = sip:opbx@{registrar}
                expiration = 120
                retry_interval = 60
                max_random_initial_delay = 0

                """);
        }
        return text.ToString();
    }

    private string Dialplan()
    {
        var text = new StringBuilder($"[{Context}]\n");
        foreach (var phone in Phones) text.Append($"exten => {phone.Number},1,Dial(PJSIP/{phone.Account.Username},20)\n same => n,Hangup()\n");
        if (Queue) text.Append($"exten => 500,1,Queue({QueueName},,,,20)\n same => n,Hangup()\n");
        // Refusals with the SIP answers the tests expect: cause 21 → 403, 34 → 503 (STACK.md, verified).
        text.Append("exten => 403,1,Hangup(21)\nexten => 503,1,Hangup(34)\n");
        if (CarrierAt is not null)
        {
            text.Append($"exten => _9X.,1,Set(CALLERID(num)=+{Did})\n same => n,Dial(PJSIP/${{EXTEN:1}}@{Key}-carrier,20)\n same => n,Hangup()\n");
            text.Append($"[{Key}-from-carrier]\nexten => {Did},1,Dial(PJSIP/{Phones[0].Account.Username},20)\n same => n,Hangup()\n");
        }
        return text.ToString();
    }

    public sealed record Phone(string Number, SipAccount Account, bool Broken);
}
