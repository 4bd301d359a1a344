using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk.Harness;

/// <summary>
/// Where a real-call scenario last looked: every deploy queued since must succeed and reload Asterisk, and Asterisk must log
/// no ERROR. A scenario class starts the collection's app with it (<see cref="StartAsync"/>) and lets the deploys settle
/// when a test ends (<see cref="SettleAsync"/>), so the next test of the collection starts on a quiet Asterisk.
/// </summary>
public sealed class ScenarioCheckpoint(AsteriskServer asterisk, AsteriskApp app)
{
    /// <summary>When the checkpoint was set: the deploys queued since are the current step's.</summary>
    public DateTimeOffset Since { get; private set; }

    /// <summary>Asterisk's log position when the checkpoint was set.</summary>
    public long Log { get; private set; }

    /// <summary>The collection's app started, the start-up deploy and the previous test's deploys done, the checkpoint set.</summary>
    public async Task StartAsync()
    {
        await app.StartAsync(asterisk);
        await app.DeployedAsync(DateTimeOffset.MinValue);
        Mark();
    }

    /// <summary>No deploy left queued or running, to reload Asterisk under the next test.</summary>
    public Task SettleAsync() => app.SettledDeploysAsync(DateTimeOffset.MinValue);

    public void Mark()
    {
        Since = DateTimeOffset.UtcNow;
        Log = asterisk.LogPosition();
    }

    /// <summary>
    /// Every deploy the changes since the checkpoint queued has succeeded (Asterisk verified) and reloaded Asterisk, and Asterisk
    /// logged no ERROR; the checkpoint moves on.
    /// </summary>
    public async Task DeployedAsync()
    {
        var deploys = await app.DeployedAsync(Since);
        Assert.NotEmpty(deploys);
        Assert.All(deploys, d => Assert.False(d.ReloadSkipped));
        NoErrors();
        Mark();
    }

    /// <summary>Asterisk logged no ERROR since the checkpoint.</summary>
    public void NoErrors() => Assert.Empty(asterisk.ErrorsSince(Log));
}
