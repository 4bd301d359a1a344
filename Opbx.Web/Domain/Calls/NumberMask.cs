namespace Opbx.Domain.Calls;

/// <summary>
/// pii_masking, the one masker of caller and callee numbers (the call records page for reporters, every CSV export, the
/// API and the <c>call.ended</c> webhook): a phone number keeps its last 3 digits and its leading + and separators, every
/// other digit becomes '*' ("+4930123456" → "+*******456", "1042" → "*042"); a number of 3 digits or fewer is masked
/// whole ("201" → "***"), so a masked number is never shown in full. Anything that is not a phone number (letters, a SIP
/// URI, a caller ID of any text) has no digits worth keeping and is masked whole, character by character, so no name or
/// address in it shows. The result has the length of the number.
/// </summary>
public static class NumberMask
{
    public const int KeptDigits = 3;

    public static string Mask(string number)
    {
        if (!IsPhoneNumber(number)) return new string('*', number.Length);
        var digits = number.Count(char.IsAsciiDigit);
        var keep = digits > KeptDigits ? KeptDigits : 0;
        var chars = number.ToCharArray();
        for (var i = 0; i < chars.Length && digits > keep; i++)
        {
            if (!char.IsAsciiDigit(chars[i])) continue;
            chars[i] = '*';
            digits--;
        }
        return new string(chars);
    }

    /// <summary>Digits, with an optional leading + and the separators people write numbers with (space, - . / ( )).</summary>
    private static bool IsPhoneNumber(string number)
    {
        var digits = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (!(c == '+' && i == 0) && c is not (' ' or '-' or '.' or '/' or '(' or ')')) return false;
        }
        return digits > 0;
    }
}
