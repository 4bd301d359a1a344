using Opbx.Domain.Pbx;

namespace Opbx.Tests.Pbx;

public sealed class ValueTypesTests
{
    [Theory]
    [InlineData("10", true)]
    [InlineData("101", true)]
    [InlineData("999999", true)]
    [InlineData(" 101 ", true)]
    [InlineData("1", false)]
    [InlineData("1234567", false)]
    [InlineData("12a", false)]
    [InlineData("*97", false)]
    [InlineData("١٢٣", false)] // other scripts' digits are not dialled
    [InlineData("101\n", true)]  // surrounding white space is trimmed, as from a form
    [InlineData("10\n1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ExtensionNumbers(string? text, bool valid) => Assert.Equal(valid, ExtensionNumber.TryParse(text, out _));

    [Theory]
    [InlineData("+4930123456", true)]
    [InlineData("+12", true)]
    [InlineData("+123456789012345", true)]
    [InlineData("+1234567890123456", false)]
    [InlineData("+1", false)]
    [InlineData("+0123", false)]
    [InlineData("4930123456", false)]
    [InlineData("+49 30 123456", false)]
    [InlineData("+4930123456;x", false)]
    public void E164Numbers(string text, bool valid)
    {
        Assert.Equal(valid, E164.TryParse(text, out var number));
        if (valid) Assert.Equal(text.TrimStart('+'), number.Digits);
    }

    [Theory]
    [InlineData("_9NXXNXXXXXX", true, 11)]
    [InlineData("_0[1-9]X.", true, 3)]
    [InlineData("_00Z.", true, 3)]
    [InlineData("_x!", true, 1)]
    [InlineData("_[2-79]XX", true, 3)]
    [InlineData("_1", true, 1)]
    [InlineData("9NXX", false, 0)]     // no leading _
    [InlineData("_", false, 0)]
    [InlineData("_.", false, 0)]       // catch-all
    [InlineData("_X.X", false, 0)]     // nothing after the wildcard
    [InlineData("_[9-2]X", false, 0)]  // range downwards
    [InlineData("_[]X", false, 0)]
    [InlineData("_9X,1,Dial(x)", false, 0)]
    [InlineData("_9X;x", false, 0)]
    [InlineData("_9 X", false, 0)]
    [InlineData("_9*X", false, 0)]
    [InlineData("_9X.!", false, 0)]
    public void DialPatterns(string text, bool valid, int fixedLength)
    {
        Assert.Equal(valid, DialPattern.TryParse(text, out var pattern));
        if (!valid) return;
        Assert.Equal(text.ToUpperInvariant(), pattern.Value);
        Assert.Equal(fixedLength, pattern.FixedLength);
    }

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("198.51.100.0/24", "198.51.100.0/24")]
    [InlineData("198.51.100.0/28", "198.51.100.0/28")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:db8:0:0::/64", "2001:db8::/64")]
    [InlineData("198.51.0.0/16", null)]     // would match phones as the carrier
    [InlineData("0.0.0.0/0", null)]
    [InlineData("2001:db8::/32", null)]
    [InlineData("198.51.100.5/24", null)]   // host bits set
    [InlineData("carrier.example", null)]
    [InlineData("fe80::1%eth0", null)]
    public void TrunkMatches(string text, string? normalized) => Assert.Equal(normalized, TrunkAddress.NormalizeMatch(text));

    [Theory]
    [InlineData("", true)]
    [InlineData("+", true)]
    [InlineData("+49", true)]
    [InlineData("0049", true)]
    [InlineData("49+", false)]
    [InlineData("9&PJSIP/x", false)]
    [InlineData("12345678901234567", false)]
    public void Prepends(string text, bool valid) => Assert.Equal(valid, OutboundRouteService.IsPrepend(text));
}
