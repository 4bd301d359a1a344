using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Opbx.Asterisk.Ami;

/// <summary>
/// One logged-in TCP session with Asterisk. A background loop reads every packet and hands it to the action whose
/// ActionID it carries; packets for nobody are unsolicited events. Writes are serialised so concurrent actions never
/// interleave their lines. When the session ends, for whatever reason, every waiting action fails with that reason.
/// </summary>
internal sealed class AmiConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly AmiReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, AmiPendingAction> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly Action<AmiMessage> _onEvent;
    private readonly Action<Exception> _onClosed;
    private Task _readLoop = Task.CompletedTask;
    private Exception? _closedBecause;

    private AmiConnection(TcpClient tcp, Action<AmiMessage> onEvent, Action<Exception> onClosed)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new AmiReader(_stream);
        _onEvent = onEvent;
        _onClosed = onClosed;
    }

    public string Banner { get; private set; } = "";
    public bool IsOpen => Volatile.Read(ref _closedBecause) is null;

    /// <summary>Connects, reads the greeting and logs in; the connection is closed again if any step fails.</summary>
    public static async Task<AmiConnection> OpenAsync(AmiOptions options, bool events, Func<string> nextActionId,
        Action<AmiMessage> onEvent, Action<Exception> onClosed, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        AmiConnection? connection = null;
        try
        {
            await tcp.ConnectAsync(options.Host!, options.Port, ct);
            connection = new AmiConnection(tcp, onEvent, onClosed);
            connection.Banner = await connection._reader.ReadBannerAsync(ct);
            connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
            var login = new AmiAction("Login", ("Username", options.Username ?? ""), ("Secret", options.Secret ?? ""), ("Events", events ? "on" : "off"));
            var answer = await connection.SendAsync(login, isList: false, nextActionId(), ct);
            if (!answer.Response.IsSuccess)
            {
                throw new AmiAuthenticationException(
                    $"Asterisk refused the AMI login of '{options.Username}' at {options.Host}:{options.Port}: {answer.Response.Message ?? "no reason given"}");
            }
            return connection;
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            else tcp.Dispose();
            throw;
        }
    }

    public async Task<AmiEventList> SendAsync(AmiAction action, bool isList, string actionId, CancellationToken ct)
    {
        var pending = new AmiPendingAction(isList);
        _pending[actionId] = pending;
        try
        {
            // Registered before checking, so a close racing with this send either sees the action or is seen here.
            if (Volatile.Read(ref _closedBecause) is { } closed) throw Lost(action.Name, closed);
            var bytes = action.Serialize(actionId);
            await _writeLock.WaitAsync(ct);
            try
            {
                await _stream.WriteAsync(bytes, ct);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Half an action may be on the wire: nothing after it on this session can be trusted.
                Close(e is OperationCanceledException ? new AmiException($"Sending {action.Name} was cut off.") : new AmiException($"Could not send {action.Name}.", e));
                if (e is OperationCanceledException) throw;
                throw Lost(action.Name, e);
            }
            finally
            {
                _writeLock.Release();
            }
            return await pending.Answer.WaitAsync(ct);
        }
        finally
        {
            _pending.TryRemove(actionId, out _);
        }
    }

    /// <summary>Ends the session; waiting actions fail with <paramref name="reason"/>.</summary>
    public void Close(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closedBecause, reason, null) is not null) return;
        _closing.Cancel();
        _tcp.Dispose();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending)) pending.Fail(Lost("The action", reason));
        }
        _onClosed(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Close(new ObjectDisposedException(nameof(AmiClient), "The AMI connection was closed."));
        try
        {
            await _readLoop;
        }
        catch (Exception)
        {
            // The loop reports through Close; its own ending is of no interest here.
        }
        // _closing and _writeLock are left to the collector: a sender racing with this close may still touch them.
    }

    private async Task ReadLoopAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var message = await _reader.ReadMessageAsync(_closing.Token);
                if (message is null)
                {
                    reason = new AmiException("Asterisk closed the AMI connection.");
                    break;
                }
                Dispatch(message);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = new AmiException("The AMI connection broke.", e);
        }
        Close(reason);
    }

    private void Dispatch(AmiMessage message)
    {
        if (message.ActionId is { } id && _pending.TryGetValue(id, out var pending))
        {
            if (pending.Accept(message)) _pending.TryRemove(id, out _);
            return;
        }
        // An event nobody asked for, or the late answer to an action that already timed out.
        if (message.IsEvent) _onEvent(message);
    }

    private static AmiException Lost(string action, Exception reason) => new($"{action} got no answer: {reason.Message}", reason);
}
