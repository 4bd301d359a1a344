using Opbx.Domain.Pbx;
using Opbx.Web.Tenancy;

namespace Opbx.Pages.Org.RingGroups;

/// <summary>What the ring group fields show, on New and on the group's page; <see cref="Self"/> is the one being edited.</summary>
public sealed record RingGroupForm(RingGroupInput Input, MemberPick Members, OrgContext Org, string? Fallback, Guid? Self)
{
    public FallbackField FallbackField(string label) => Opbx.Pages.Org.FallbackField.For(Org, Fallback, label, Self);
}
