namespace Opbx.Domain.Pbx;

/// <summary>
/// An extension at a position in a member list (a ring group's or a queue's): what <see cref="RingGroupMember"/> and
/// <see cref="QueueMember"/> share, so <see cref="MemberList"/> checks, applies and reads both the same way.
/// </summary>
public interface IListMember
{
    Guid ExtensionId { get; }
    Extension? Extension { get; }
    /// <summary>The order the list rings in (0 first).</summary>
    int Position { get; set; }
}
