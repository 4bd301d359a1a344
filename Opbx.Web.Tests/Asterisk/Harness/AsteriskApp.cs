using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk.Harness;

/// <summary>
/// A second Opbx app, the Asterisk collection's: the real application on Kestrel with its own temporary data folder,
/// deploying into the collection's Asterisk (<see cref="AsteriskServer.AppConfigDirectory"/>) over AMI as the operator
/// guide's least-privilege user. Started by the first test that needs it (a collection fixture cannot be handed another
/// one), stopped with the collection; no SMTP server (mail goes to the pickup folder).
/// </summary>
public sealed class AsteriskApp : OpbxApp
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private AsteriskServer? _asterisk;
    private int _carriers;

    /// <summary>Deploys a test made fail on purpose (e.g. rolled back): the others' "every deploy succeeded" checks leave them out.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> ExpectedFailures { get; } = new();

    public AsteriskServer Asterisk => _asterisk ?? throw new InvalidOperationException("Start the app first.");

    public override Task InitializeAsync() => Task.CompletedTask;

    public async Task StartAsync(AsteriskServer asterisk)
    {
        await _start.WaitAsync();
        try
        {
            if (_asterisk is not null) return;
            var ami = asterisk.Ami;
            await StartAsync(new Dictionary<string, string>
            {
                ["Opbx__Asterisk__ConfigDirectory"] = asterisk.AppConfigDirectory,
                ["Opbx__Asterisk__Ami__Host"] = ami.Host!,
                ["Opbx__Asterisk__Ami__Port"] = ami.Port.ToString(),
                ["Opbx__Asterisk__Ami__Username"] = ami.Username!,
                ["Opbx__Asterisk__Ami__Secret"] = ami.Secret!,
                ["Opbx__Asterisk__Ami__ActionTimeout"] = "00:00:20",
                // Deploys record what Asterisk logged; one waiting for Asterisk (DeployTrustScenarios stops it) tries again soon.
                ["Opbx__Asterisk__LogFile"] = asterisk.LogPath,
                ["Opbx__Asterisk__DeployRetryMaxDelay"] = "00:00:02",
                ["Opbx__Asterisk__Ami__ReconnectAttempts"] = "1",
                // Call records from the CDR file the app's mapping makes Asterisk write, looked at twice a second.
                ["Opbx__Asterisk__CdrFile"] = asterisk.CdrPath,
                ["Opbx__Asterisk__CdrPollInterval"] = "00:00:00.500",
            });
            _asterisk = asterisk;
        }
        finally
        {
            _start.Release();
        }
    }

    /// <summary>
    /// A loopback address of its own for each carrier of the run: PJSIP identifies a trunk by its address alone, and the
    /// organizations of earlier tests (with their trunks) stay deployed. 127.0.0.2 and .3 are the harness's own tests'.
    /// </summary>
    public string NewCarrierAddress()
    {
        var n = Interlocked.Increment(ref _carriers);
        return $"127.0.{1 + n / 250}.{1 + n % 250}";
    }

    /// <summary>
    /// Waits until no deploy is queued or running, then returns the deploys queued since <paramref name="since"/>; each
    /// must have succeeded (a failure fails the test with its reason and the end of Asterisk's log).
    /// </summary>
    public async Task<IReadOnlyList<Deploy>> DeployedAsync(DateTimeOffset since, TimeSpan? timeout = null)
    {
        var deploys = await this.SettledDeploysAsync(since, timeout);
        var failed = deploys.Where(d => d.Status != DeployStatus.Succeeded && !ExpectedFailures.ContainsKey(d.Id)).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(d => $"deploy {d.Id} ({d.OrganizationId?.ToString() ?? "platform"}): {d.Failure}")) + "\n" + Asterisk.LogTail());
        return deploys;
    }

    public override async Task DisposeAsync()
    {
        // Deploys still running would reload Asterisk under the next tests of the collection.
        if (_asterisk is not null) await this.SettledDeploysAsync(DateTimeOffset.MinValue);
        await base.DisposeAsync();
    }
}
