using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Opbx.Web.Forms;

/// <summary>One-time messages shown at the top of the next page after a redirect.</summary>
public static class Flash
{
    private const string Key = "flash";

    public static void Success(this ITempDataDictionary temp, string message) => temp[Key] = message;

    public static string? Take(this ITempDataDictionary temp) => temp[Key] as string;
}
