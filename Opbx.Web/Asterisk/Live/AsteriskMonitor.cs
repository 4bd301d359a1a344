using System.Globalization;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Opbx.Asterisk.Ami;

namespace Opbx.Asterisk.Live;

/// <summary>
/// Keeps one shared <see cref="AsteriskSnapshot"/> fresh: reads Asterisk over AMI every <see cref="Interval"/> while
/// anyone looks (a page, the dashboards' polling, a /metrics scrape), and not at all when nobody has for
/// <see cref="IdleAfter"/>. Requests read the snapshot and never wait on AMI (except, briefly, for the first read after a
/// quiet spell), so dashboards cost the same with Asterisk connected and many viewers cost Asterisk one reader's reads.
/// Uses an AMI session of its own: a list of thousands of contacts never delays a deploy's reload, and the other way round.
/// </summary>
public sealed class AsteriskMonitor : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(60);
    /// <summary>A snapshot older than this is not shown as the present (after a quiet spell, before the next read).</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstReadWait = TimeSpan.FromMilliseconds(500);

    private readonly AmiClient _ami;
    private readonly AsteriskInspector _inspector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile AsteriskSnapshot _snapshot;
    private volatile TaskCompletionSource _nextRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastDemand;

    public AsteriskMonitor(IOptions<OpbxOptions> options, ILoggerFactory loggers, TimeProvider time)
    {
        var ami = options.Value.Asterisk.Ami;
        // Its own session: no reconnect retries (the next read in two seconds is the retry) and a short action timeout,
        // so a stalled Asterisk shows as "not connected" within seconds.
        _ami = new AmiClient(new AmiOptions
        {
            Host = ami.Host, Port = ami.Port, Username = ami.Username, Secret = ami.Secret,
            ConnectTimeout = ami.ConnectTimeout < Interval ? ami.ConnectTimeout : Interval,
            ActionTimeout = ami.ActionTimeout < TimeSpan.FromSeconds(10) ? ami.ActionTimeout : TimeSpan.FromSeconds(10),
            ReconnectAttempts = 0,
        }, loggers.CreateLogger<AmiClient>(), time);
        _inspector = new AsteriskInspector(_ami);
        _time = time;
        _logger = loggers.CreateLogger<AsteriskMonitor>();
        _snapshot = _ami.IsConfigured ? AsteriskSnapshot.NotRead : AsteriskSnapshot.NotConfigured;
    }

    public bool IsConfigured => _ami.IsConfigured;

    /// <summary>
    /// The latest snapshot, read at most <see cref="Interval"/> (plus the read's own time) ago while someone keeps asking.
    /// After a quiet spell the first caller waits up to half a second for a fresh read; if none comes it gets
    /// <see cref="AsteriskSnapshot.NotRead"/> rather than old numbers.
    /// </summary>
    public async Task<AsteriskSnapshot> ReadAsync(CancellationToken ct = default)
    {
        if (!_ami.IsConfigured) return AsteriskSnapshot.NotConfigured;
        Interlocked.Exchange(ref _lastDemand, _time.GetTimestamp());
        var current = _snapshot;
        if (IsFresh(current)) return current;
        var next = _nextRead.Task;
        _wake.Writer.TryWrite(true);
        try
        {
            await next.WaitAsync(FirstReadWait, _time, ct);
        }
        catch (TimeoutException)
        {
        }
        current = _snapshot;
        return IsFresh(current) ? current : AsteriskSnapshot.NotRead;
    }

    private bool IsFresh(AsteriskSnapshot snapshot) => snapshot.TakenAt != DateTimeOffset.MinValue && _time.GetUtcNow() - snapshot.TakenAt <= FreshFor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_ami.IsConfigured) return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_time.GetElapsedTime(Interlocked.Read(ref _lastDemand)) > IdleAfter || Interlocked.Read(ref _lastDemand) == 0)
                {
                    await _wake.Reader.ReadAsync(stoppingToken);
                    continue;
                }
                var started = _time.GetTimestamp();
                var snapshot = await ReadAsteriskAsync(stoppingToken);
                if (snapshot.Connected != _snapshot.Connected || (_snapshot.TakenAt == DateTimeOffset.MinValue && !snapshot.Connected))
                {
                    if (snapshot.Connected) _logger.LogInformation("Asterisk is connected: {Version}.", snapshot.Version);
                    else _logger.LogWarning("Asterisk is not connected: {Problem}", snapshot.Problem);
                }
                _snapshot = snapshot;
                Interlocked.Exchange(ref _nextRead, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                // Drop a wake-up that came during the read: this read answered it.
                _wake.Reader.TryRead(out _);
                var wait = Interval - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _ami.DisposeAsync();
    }

    private async Task<AsteriskSnapshot> ReadAsteriskAsync(CancellationToken ct)
    {
        try
        {
            var status = (await _ami.SendAsync(new AmiAction("CoreStatus"), ct: ct)).EnsureSuccess("CoreStatus");
            var settings = (await _ami.SendAsync(new AmiAction("CoreSettings"), ct: ct)).EnsureSuccess("CoreSettings");
            var channels = await _inspector.ChannelsAsync(ct);
            var contacts = await _inspector.ContactsAsync(ct);
            return AsteriskSnapshot.Read(_time.GetUtcNow(), settings["AsteriskVersion"] is { Length: > 0 } v ? "Asterisk " + v : null,
                LocalTime(status["CoreStartupDate"], status["CoreStartupTime"]), LocalTime(status["CoreReloadDate"], status["CoreReloadTime"]),
                channels, contacts);
        }
        catch (Exception e) when (e is AmiException or TimeoutException or IOException or SocketException)
        {
            return AsteriskSnapshot.Unreachable(e.Message, _time.GetUtcNow());
        }
    }

    // Asterisk reports its times in its own local time, and runs beside Opbx: the same zone.
    private static DateTimeOffset? LocalTime(string? date, string? time) =>
        DateTime.TryParseExact($"{date} {time}", "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local)
            ? new DateTimeOffset(local)
            : null;
}
