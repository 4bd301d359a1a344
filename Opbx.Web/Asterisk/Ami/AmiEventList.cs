namespace Opbx.Asterisk.Ami;

/// <summary>
/// The answer to a list action: the response ("EventList: start"), the events carrying the action's ActionID, and the
/// closing event ("EventList: Complete", e.g. CoreShowChannelsComplete). An Error response has no events and no completion.
/// </summary>
public sealed record AmiEventList(AmiMessage Response, IReadOnlyList<AmiMessage> Events, AmiMessage? Completion)
{
    public bool IsSuccess => Response.IsSuccess;
}
