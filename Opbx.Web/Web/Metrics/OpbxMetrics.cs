using Microsoft.EntityFrameworkCore;
using Opbx.Asterisk;
using Opbx.Asterisk.Live;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Prometheus;

namespace Opbx.Web.Metrics;

/// <summary>
/// The figures at /metrics, in Prometheus' format (prometheus-net): deploys by status and their durations, Asterisk's
/// AMI connection, calls up and phones registered (platform totals only: no organization is named), ASP.NET Core's own
/// request and connection metrics and the runtime's. Read when scraped: the Asterisk figures from the shared snapshot,
/// the deploy figures from the deploy records. A registry of its own per app (tests run several apps in one process).
/// </summary>
public sealed class OpbxMetrics : IDisposable
{
    // Deploys can finish out of order (an organization's and the platform's): look back this far for ones not counted yet.
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    private readonly IServiceScopeFactory _scopes;
    private readonly AsteriskMonitor _asterisk;
    private readonly AsteriskReloader _reloader;
    private readonly Counter _reloads;
    private readonly IDisposable _aspNetCore;
    private readonly Gauge _configured;
    private readonly Gauge _connected;
    private readonly Gauge _calls;
    private readonly Gauge _phones;
    private readonly Gauge _deploys;
    private readonly Counter _finished;
    private readonly Histogram _duration;
    private readonly SemaphoreSlim _collecting = new(1, 1);
    private readonly Dictionary<Guid, DateTimeOffset> _counted = [];
    private readonly DateTimeOffset _started;
    private DateTimeOffset _since;

    public OpbxMetrics(IServiceScopeFactory scopes, AsteriskMonitor asterisk, AsteriskReloader reloader, TimeProvider clock)
    {
        _scopes = scopes;
        _asterisk = asterisk;
        _reloader = reloader;
        _started = _since = clock.GetUtcNow();
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        // ASP.NET Core's own meters: http.server.request.duration, active requests, Kestrel connections, rate limiting, …
        _aspNetCore = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = factory,
            InstrumentFilterPredicate = i => i.Meter.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
        });
        _configured = factory.CreateGauge("opbx_asterisk_ami_configured", "1 when an AMI host is configured, else 0.");
        _connected = factory.CreateGauge("opbx_asterisk_ami_connected", "1 when Opbx's last read of Asterisk over AMI succeeded, else 0.");
        _calls = factory.CreateGauge("opbx_active_calls", "Calls up in Asterisk now, all organizations (0 while not connected).");
        _phones = factory.CreateGauge("opbx_registered_phones", "Phones registered in Asterisk now, all organizations (0 while not connected).");
        _deploys = factory.CreateGauge("opbx_deploys", "Deploy records by status.", "status");
        _finished = factory.CreateCounter("opbx_deploys_finished_total", "Deploys finished since Opbx started, by status.", "status");
        _duration = factory.CreateHistogram("opbx_deploy_duration_seconds", "How long finished deploys ran (started to finished), since Opbx started.",
            new HistogramConfiguration { Buckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120] });
        _reloads = factory.CreateCounter("opbx_asterisk_reloads_total",
            "Module reloads Asterisk accepted since Opbx started; deploys that come together share one reload per module.", "module");
        foreach (var status in Enum.GetValues<DeployStatus>())
        {
            _deploys.WithLabels(Names.Of(status)).Set(0);
            _finished.WithLabels(Names.Of(status));
        }
        Registry.AddBeforeCollectCallback(CollectAsync);
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _aspNetCore.Dispose();

    private async Task CollectAsync(CancellationToken ct)
    {
        var snapshot = await _asterisk.ReadAsync(ct);
        _configured.Set(snapshot.Configured ? 1 : 0);
        _connected.Set(snapshot.Connected ? 1 : 0);
        _calls.Set(snapshot.Connected ? snapshot.Calls.Count : 0);
        _phones.Set(snapshot.Connected ? snapshot.RegisteredPhones : 0);
        foreach (var module in Enum.GetValues<AsteriskModule>()) _reloads.WithLabels(AsteriskReloader.ModuleName(module)).IncTo(_reloader.Reloads(module));

        // One collection at a time: two scrapes at once would count the same deploys twice.
        await _collecting.WaitAsync(ct);
        try
        {
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var byStatus = await db.Deploys.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            foreach (var status in Enum.GetValues<DeployStatus>())
                _deploys.WithLabels(Names.Of(status)).Set(byStatus.FirstOrDefault(s => s.Key == status)?.Count ?? 0);

            var from = _since - Overlap;
            var finished = await db.Deploys.AsNoTracking().Where(d => d.FinishedAt != null && d.FinishedAt >= from)
                .Select(d => new { d.Id, d.Status, d.StartedAt, d.FinishedAt }).ToListAsync(ct);
            foreach (var d in finished)
            {
                if (d.FinishedAt < _started) continue;
                if (!_counted.TryAdd(d.Id, d.FinishedAt!.Value)) continue;
                _finished.WithLabels(Names.Of(d.Status)).Inc();
                if (d.StartedAt is { } started) _duration.Observe(Math.Max(0, (d.FinishedAt.Value - started).TotalSeconds));
            }
            if (finished.Count > 0 && finished.Max(d => d.FinishedAt!.Value) is var latest && latest > _since) _since = latest;
            foreach (var old in _counted.Where(c => c.Value < _since - Overlap).Select(c => c.Key).ToList()) _counted.Remove(old);
        }
        finally
        {
            _collecting.Release();
        }
    }
}
