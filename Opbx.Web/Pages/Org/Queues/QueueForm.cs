using Opbx.Domain.Pbx;
using Opbx.Web.Tenancy;

namespace Opbx.Pages.Org.Queues;

/// <summary>What the queue fields show, on New and on the queue's page; <see cref="Self"/> is the one being edited.</summary>
public sealed record QueueForm(QueueInput Input, MemberPick Members, OrgContext Org, string? Fallback, Guid? Self)
{
    public FallbackField FallbackField(string label) => Opbx.Pages.Org.FallbackField.For(Org, Fallback, label, Self);
}
