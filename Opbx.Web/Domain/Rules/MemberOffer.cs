namespace Opbx.Domain.Rules;

/// <summary>
/// What the rules allow an actor to do to one member, for pages that offer only that: edit name and extension, change
/// the role (to one of <see cref="Roles"/>), switch the status, delete. A refused verdict carries the reason to show
/// where the control would have been.
/// </summary>
public sealed record MemberOffer(Verdict Edit, Verdict Role, Verdict Status, Verdict Delete, IReadOnlyList<OrgRole> Roles)
{
    /// <summary>Anything at all to do in a quick edit of the row (name, role or status).</summary>
    public bool AnyQuickEdit => Edit.IsAllowed || Role.IsAllowed || Status.IsAllowed;

    /// <summary>Bulk actions (activate, deactivate, delete) could apply to this member.</summary>
    public bool AnyBulk => Status.IsAllowed || Delete.IsAllowed;

    /// <summary>The first reason something is not offered, for a one-line explanation.</summary>
    public string? Reason => new[] { Edit, Role, Status, Delete }.FirstOrDefault(v => !v.IsAllowed).Message is { Length: > 0 } m ? m : null;
}
