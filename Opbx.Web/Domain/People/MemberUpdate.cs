namespace Opbx.Domain.People;

/// <summary>A change to a member; null fields stay as they are. Extension "" removes the extension.</summary>
public sealed class MemberUpdate
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Role { get; set; }
    public string? Status { get; set; }
    public string? Extension { get; set; }
}
