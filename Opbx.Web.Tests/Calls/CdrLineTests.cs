using Opbx.Domain.Calls;

namespace Opbx.Tests.Calls;

/// <summary>The CDR line parser: what Asterisk writes is read field by field; anything else is refused with a reason, never thrown.</summary>
public sealed class CdrLineTests
{
    [Fact]
    public void A_line_as_cdr_custom_writes_it_is_read_field_by_field()
    {
        var line = CdrText.Line("acme", "1764493200.12", sequence: 7, linkedId: "1764493200.10", billsec: 42, src: "+4930123\"456",
            dst: "0301234", channel: "PJSIP/ab12cd-0000000a", dstChannel: "PJSIP/opbx-trunk-0123-0000000b", recording: "rec-1f2e.wav");

        Assert.True(CdrLine.TryParse(line, out var cdr, out var error), error);
        Assert.Equal("acme", cdr!.AccountCode);
        Assert.Equal("1764493200.12", cdr.UniqueId);
        Assert.Equal("1764493200.10", cdr.LinkedId);
        Assert.Equal(7, cdr.Sequence);
        Assert.Equal(CdrText.Start, cdr.StartedAt);
        Assert.Equal(CdrText.Start.AddSeconds(5), cdr.AnsweredAt);
        Assert.Equal(CdrText.Start.AddSeconds(47), cdr.EndedAt);
        Assert.Equal(47, cdr.DurationSeconds);
        Assert.Equal(42, cdr.BillSeconds);
        Assert.Equal(CallDisposition.Answered, cdr.Disposition);
        Assert.Equal("+4930123\"456", cdr.Source);
        Assert.Equal("0301234", cdr.Destination);
        Assert.Equal("rec-1f2e.wav", cdr.RecordingFile);
    }

    [Fact]
    public void An_unanswered_call_has_no_answer_time_and_bare_fields_are_read_too()
    {
        Assert.True(CdrLine.TryParse(CdrText.Line("acme", "1.2", disposition: "NO ANSWER"), out var cdr, out var error), error);
        Assert.Null(cdr!.AnsweredAt);
        Assert.Equal(CallDisposition.NoAnswer, cdr.Disposition);
        Assert.Equal(0, cdr.BillSeconds);

        Assert.True(CdrLine.TryParse("acme,1.3,1.3,0,1764493200,0,1764493210,10,0,BUSY,100,101,PJSIP/a-1,,ctx,", out var bare, out error), error);
        Assert.Equal(CallDisposition.Busy, bare!.Disposition);
        Assert.Equal("", bare.DestinationChannel);
        Assert.Null(bare.RecordingFile);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/var/spool/x.wav")]
    [InlineData("a b.wav")]
    [InlineData("x..wav")]
    public void A_recording_reference_that_is_not_a_plain_generated_file_name_is_not_taken(string recording)
    {
        Assert.True(CdrLine.TryParse(CdrText.Line("acme", "1.4", recording: recording), out var cdr, out var error), error);
        Assert.Null(cdr!.RecordingFile);
    }

    [Theory]
    [InlineData("", "columns")]
    [InlineData("\"acme\",\"1.5\"", "columns")]
    [InlineData("\"acme\",\"1.5,\"1.5\"", "quote")]
    [InlineData("\"acme\"x,\"1.5\"", "closing quote")]
    [InlineData("acme,1\"5,1.5,0,1,0,2,1,0,ANSWERED,1,2,c,d,e,f", "quote")]
    public void Broken_lines_are_refused_with_a_reason(string line, string reason)
    {
        Assert.False(CdrLine.TryParse(line, out var cdr, out var error));
        Assert.Null(cdr);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(3, "x", "sequence")]
    [InlineData(4, "yesterday", "start")]
    [InlineData(4, "0", "start")]
    [InlineData(5, "-1", "answer")]
    [InlineData(8, "9999999999999", "billsec")]
    [InlineData(9, "ANSWERED LATER", "disposition")]
    [InlineData(1, "", "uniqueid")]
    public void A_field_Asterisk_would_not_write_makes_the_line_unreadable(int column, string value, string reason)
    {
        var fields = CdrText.Line("acme", "1.6").Split(',');
        fields[column] = "\"" + value + "\"";
        Assert.False(CdrLine.TryParse(string.Join(",", fields), out _, out var error));
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("PJSIP/ab12cd-0000000a", "PJSIP/opbx-trunk-0123abcd-0000000b", "0301234", CallDirection.Outbound)]
    [InlineData("PJSIP/opbx-trunk-0123abcd-0000000c", "PJSIP/ab12cd-0000000d", "101", CallDirection.Inbound)]
    [InlineData("PJSIP/ab12cd-0000000a", "PJSIP/ef34gh-0000000b", "101", CallDirection.Internal)]
    [InlineData("PJSIP/ab12cd-0000000a", "", "101", CallDirection.Internal)]
    [InlineData("PJSIP/ab12cd-0000000a", "", "004930123456", CallDirection.Outbound)]
    [InlineData("PJSIP/opbx-trunk-0123abcd-0000000c", "", "+4930123456", CallDirection.Inbound)]
    public void The_direction_comes_from_the_channels_Opbx_named(string channel, string dstChannel, string dst, CallDirection expected) =>
        Assert.Equal(expected, CdrDirection.Of(channel, dstChannel, dst));
}
