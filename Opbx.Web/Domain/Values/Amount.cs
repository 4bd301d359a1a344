using System.Globalization;

namespace Opbx.Domain.Values;

/// <summary>
/// Whole numbers as pages, e-mails and messages show them, and usage against a limit ("0 of 10,000"): thousands separated by
/// commas whatever culture the server runs in, so a limit reads the same on every page, in every e-mail and in the API's messages.
/// </summary>
public static class Amount
{
    public static string Of(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string UsedOf(long used, long limit) => $"{Of(used)} of {Of(limit)}";
}
