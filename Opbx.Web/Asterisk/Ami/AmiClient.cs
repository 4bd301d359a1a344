using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace Opbx.Asterisk.Ami;

/// <summary>
/// Opbx's client for the Asterisk Manager Interface (no AMI library is available to us). One logged-in TCP session,
/// opened on first use and reopened after it breaks, with exponential backoff between attempts; any number of callers
/// may send at once (answers are matched by ActionID). Logs in with "Events: off" unless events are asked for, so the
/// session carries only answers to our own actions.
/// </summary>
public sealed class AmiClient : IAsyncDisposable
{
    private readonly AmiOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _receiveEvents;
    private readonly ResiliencePipeline _connectPipeline;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly string _idPrefix = "opbx-" + Guid.NewGuid().ToString("N")[..8] + "-";
    private long _lastId;
    private AmiConnection? _connection;
    private bool _disposed;

    public AmiClient(AmiOptions options, ILogger<AmiClient> logger, TimeProvider time, bool receiveEvents = false)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _receiveEvents = receiveEvents;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.ReconnectAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // A refused login stays refused; everything else (Asterisk restarting, not listening yet) may pass.
                ShouldHandle = new PredicateBuilder().Handle<SocketException>().Handle<IOException>().Handle<TimeoutException>()
                    .Handle<AmiException>(e => e is not AmiAuthenticationException),
                MaxRetryAttempts = options.ReconnectAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReconnectDelay,
                MaxDelay = options.ReconnectMaxDelay,
                OnRetry = args =>
                {
                    _logger.LogWarning("Connecting to Asterisk's AMI at {Host}:{Port} failed ({Reason}); attempt {Attempt} in {Delay} ms.",
                        options.Host, options.Port, args.Outcome.Exception?.Message, args.AttemptNumber + 2, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        _connectPipeline = builder.Build();
    }

    /// <summary>False when no AMI host is configured: Asterisk is not connected, and nothing is sent.</summary>
    public bool IsConfigured => _options.IsConfigured;

    /// <summary>The greeting of the current session ("Asterisk Call Manager/11.0.0"), or null when not connected.</summary>
    public string? Banner => _connection is { IsOpen: true } c ? c.Banner : null;

    /// <summary>Events that belong to no action of ours (only arrive when the client was created to receive events).</summary>
    public event EventHandler<AmiMessage>? EventReceived;

    /// <summary>Sends an action and returns its response, Success or Error (see <see cref="AmiMessage.EnsureSuccess"/>).</summary>
    public async Task<AmiMessage> SendAsync(AmiAction action, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await ExecuteAsync(action, isList: false, timeout, ct)).Response;

    /// <summary>Sends a list action (CoreShowChannels, PJSIPShowEndpoints, …) and collects its events up to the completion event.</summary>
    public Task<AmiEventList> ListAsync(AmiAction action, TimeSpan? timeout = null, CancellationToken ct = default) =>
        ExecuteAsync(action, isList: true, timeout, ct);

    /// <summary>Runs a CLI command (Action: Command; needs the "command" class) and returns its output lines.</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var response = await SendAsync(new AmiAction("Command", ("Command", command)), timeout, ct);
        response.EnsureSuccess($"'{command}'");
        return response.All("Output");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _connectLock.WaitAsync();
        try
        {
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<AmiEventList> ExecuteAsync(AmiAction action, bool isList, TimeSpan? timeout, CancellationToken ct)
    {
        var limit = timeout ?? _options.ActionTimeout;
        using var timer = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        AmiConnection? connection = null;
        try
        {
            connection = await ConnectedAsync(linked.Token);
            return await connection.SendAsync(action, isList, NextActionId(), linked.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var message = connection is null
                ? $"Could not reach Asterisk's AMI at {_options.Host}:{_options.Port} within {limit.TotalSeconds:0.#} s."
                : $"Asterisk did not answer {action.Name} within {limit.TotalSeconds:0.#} s.";
            // Asterisk serves one session's actions in order, so whatever is queued behind this one would wait as long:
            // start over on a fresh session.
            connection?.Close(new TimeoutException(message));
            throw new TimeoutException(message);
        }
    }

    private async Task<AmiConnection> ConnectedAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_options.IsConfigured) throw new AmiException("Asterisk is not connected: no AMI host is configured (Opbx__Asterisk__Ami__Host).");
        if (_connection is { IsOpen: true } open) return open;
        await _connectLock.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsOpen: true } current) return current;
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
            try
            {
                _connection = await _connectPipeline.ExecuteAsync(OpenAsync, ct);
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException)
            {
                throw new AmiException($"Could not reach Asterisk's AMI at {_options.Host}:{_options.Port}: {e.Message}", e);
            }
            _logger.LogInformation("Connected to Asterisk's AMI at {Host}:{Port} ({Banner}).", _options.Host, _options.Port, _connection.Banner);
            return _connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async ValueTask<AmiConnection> OpenAsync(CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            return await AmiConnection.OpenAsync(_options, _receiveEvents, NextActionId, OnEvent, OnClosed, linked.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Asterisk's AMI at {_options.Host}:{_options.Port} did not greet and log in within {_options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
    }

    private string NextActionId() => _idPrefix + Interlocked.Increment(ref _lastId);

    private void OnEvent(AmiMessage message)
    {
        try
        {
            EventReceived?.Invoke(this, message);
        }
        catch (Exception e)
        {
            // A subscriber's bug must not end the session everyone else shares.
            _logger.LogError(e, "An AMI event handler failed on {Event}.", message.EventName);
        }
    }

    private void OnClosed(Exception reason)
    {
        if (reason is ObjectDisposedException) return;
        _logger.LogWarning("The AMI session with {Host}:{Port} ended: {Reason}", _options.Host, _options.Port, reason.Message);
    }
}
