namespace Opbx.Pages.Org;

/// <summary>
/// A destination picker posted as <c>Fallback</c> (or <see cref="Name"/>), the key its errors come back under: a text field
/// with the destinations matching what is typed, asked of the server (<see cref="OptionsUrl"/>).
/// </summary>
public sealed record FallbackField(string? Value, string Label, string OptionsUrl, bool Voicemail, string Name = "Fallback")
{
    /// <summary>A destination of the current organization; <paramref name="except"/> is the group or queue being edited (not offered).</summary>
    public static FallbackField For(Web.Tenancy.OrgContext org, string? value, string label, Guid? except, string name = "Fallback") =>
        new(value, label, org.Path("/Pick?handler=Destinations" + (except is { } id ? $"&except={id}" : "")), org.Organization?.Voicemail == true, name);
}
