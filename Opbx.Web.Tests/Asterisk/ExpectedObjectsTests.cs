using Opbx.Asterisk;

namespace Opbx.Tests.Asterisk;

public sealed class ExpectedObjectsTests
{
    [Fact]
    public void Reads_objects_by_type_through_templates_and_skips_comments_settings_and_additions()
    {
        var config = new RenderedConfig([
            new ConfigFile("orgs/a/pjsip.conf", """
                [phone](!)            ; a template, not an endpoint
                type = endpoint
                context = a-internal
                [a-100](phone)
                auth = a-100
                [a-100](+)
                callerid = "x" <100>
                [a-100-auth]
                type=auth
                [a-100]
                type => aor
                ;-- [a-commented]
                type = endpoint --;
                [a-trunk-reg]
                type = registration ; outbound
                """, AsteriskModule.Pjsip),
            new ConfigFile("orgs/a/extensions.conf", "[general]\nstatic=yes\n[globals]\n[a-internal]\nexten => 100,1,Dial(PJSIP/a-100)\n[a-in](!)\n", AsteriskModule.Dialplan),
            new ConfigFile("orgs/a/queues.conf", "[general]\n[a-q1]\nstrategy = ringall\n", AsteriskModule.Queues),
            new ConfigFile("orgs/a/voicemail.conf", "[general]\n[a-vm]\n100 => 1234,Ann\n101 => 4321,Bob\n", AsteriskModule.Voicemail),
        ]);

        var expected = ExpectedObjects.From(config);

        Assert.Equal(["a-100"], expected.Endpoints);
        Assert.Equal(["a-100"], expected.Aors);
        Assert.Equal(["a-100-auth"], expected.Auths);
        Assert.Equal(["a-trunk-reg"], expected.Registrations);
        Assert.Equal(["a-internal"], expected.Contexts);
        Assert.Equal(["a-q1"], expected.Queues);
        Assert.Equal(["100@a-vm", "101@a-vm"], expected.Mailboxes);
    }
}
