using Opbx.Domain.Calls;

namespace Opbx.Tests.Calls;

/// <summary>
/// The one masker of caller and callee numbers (pii_masking), used by the call records page, the CSV export, the API and
/// the call.ended webhook: a phone number keeps its last 3 digits (and its + and separators), a short one is masked
/// whole, anything else is masked whole.
/// </summary>
public sealed class NumberMaskTests
{
    [Theory]
    [InlineData("+4930123456", "+*******456")]
    [InlineData("004930123456", "*********456")]
    [InlineData("+4915112345678", "+**********678")]
    [InlineData("+49 30 123-456", "+** ** ***-456")]
    [InlineData("(030) 123/456", "(***) ***/456")]
    [InlineData("1042", "*042")] // 4 digits: the last 3 show
    [InlineData("201", "***")] // 3 digits or fewer: never shown in full
    [InlineData("12", "**")]
    [InlineData("7", "*")]
    [InlineData("", "")]
    [InlineData("+", "*")] // no digit: not a number
    [InlineData("1+2345", "******")] // a + only leads
    [InlineData("anonymous", "*********")]
    [InlineData("sip:4930123456@carrier.example", "******************************")] // a SIP URI: nothing of it shows
    [InlineData("Alice <4930123456>", "******************")]
    [InlineData("=HYPERLINK(\"http://x\")", "**********************")]
    [InlineData("4930123456\n=cmd", "***************")]
    [InlineData("０３０１２３４", "*******")] // full-width digits are not the digits Asterisk writes
    public void A_number_keeps_its_last_three_digits_and_nothing_else_shows(string number, string masked)
    {
        Assert.Equal(masked, NumberMask.Mask(number));
        Assert.Equal(number.Length, masked.Length);
    }

    [Fact]
    public void Long_hostile_text_is_masked_whole()
    {
        var text = string.Concat(Enumerable.Repeat("9\u202e\0'\"<script>", 1000));
        Assert.Equal(new string('*', text.Length), NumberMask.Mask(text));
        Assert.Equal("*" + new string('*', 9996) + "999", NumberMask.Mask(new string('9', 10000)));
    }
}
