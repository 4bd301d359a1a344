using System.Text.Json;

namespace Opbx.Web.Responses;

public static class Json
{
    /// <summary>A C# member name as the API spells it (snake_case).</summary>
    public static string Name(string member) => JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
}
