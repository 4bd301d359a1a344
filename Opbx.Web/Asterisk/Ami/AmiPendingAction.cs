namespace Opbx.Asterisk.Ami;

/// <summary>
/// An action sent and not yet fully answered: its response, and for a list action the events carrying its ActionID up to
/// the one marked "EventList: Complete".
/// </summary>
internal sealed class AmiPendingAction(bool isList)
{
    private readonly TaskCompletionSource<AmiEventList> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<AmiMessage> _events = [];
    private AmiMessage? _response;

    public Task<AmiEventList> Answer => _done.Task;

    /// <summary>Takes one packet addressed to this action; true when the answer is complete.</summary>
    public bool Accept(AmiMessage message)
    {
        if (_response is null)
        {
            if (!message.IsResponse)
            {
                _events.Add(message);
                return false;
            }
            _response = message;
            var listFollows = message.IsSuccess && string.Equals(message["EventList"], "start", StringComparison.OrdinalIgnoreCase);
            if (isList && listFollows) return false;
            _done.TrySetResult(new AmiEventList(message, _events, null));
            return true;
        }
        if (string.Equals(message["EventList"], "Complete", StringComparison.OrdinalIgnoreCase))
        {
            _done.TrySetResult(new AmiEventList(_response, _events, message));
            return true;
        }
        _events.Add(message);
        return false;
    }

    public void Fail(Exception reason) => _done.TrySetException(reason);
}
