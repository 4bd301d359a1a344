namespace Opbx.Domain.People;

/// <summary>A person to add to an organization: with a password, or with an invitation e-mail that lets them choose one.</summary>
public sealed class NewMember
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = "pbx_user";
    public string? Extension { get; set; }
    public string? Password { get; set; }
    public bool SendInvitation { get; set; } = true;
    public bool MustChangePassword { get; set; }
}
