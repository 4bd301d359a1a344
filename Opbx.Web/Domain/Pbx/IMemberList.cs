namespace Opbx.Domain.Pbx;

/// <summary>
/// A ring group or a queue: a number and a name that ring a list of extensions (<see cref="IListMember"/>), so
/// <see cref="MemberListReader{TList, TRow}"/> reads both the same way.
/// </summary>
public interface IMemberList
{
    Guid Id { get; }
    string Number { get; }
    string Name { get; }
}
