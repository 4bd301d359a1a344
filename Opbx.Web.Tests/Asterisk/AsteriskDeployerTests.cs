using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Opbx.Asterisk;
using Opbx.Asterisk.Ami;
using Opbx.Tests.Asterisk.Ami;

namespace Opbx.Tests.Asterisk;

/// <summary>The deploy's failure paths, against a scripted AMI server (the good path runs on the real Asterisk).</summary>
public sealed class AsteriskDeployerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opbx-deploy-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static readonly RenderedConfig Config = new([
        new ConfigFile("opbx_extensions.conf", "#include \"/x/orgs/a/extensions.conf\"\n", AsteriskModule.Dialplan),
        new ConfigFile("orgs/a/extensions.conf", "[a-internal]\nexten => 100,1,Hangup()\n", AsteriskModule.Dialplan),
    ]);

    private (AsteriskDeployer Deployer, AmiClient Ami) Deployer(AmiOptions ami)
    {
        var client = new AmiClient(ami, NullLogger<AmiClient>.Instance, TimeProvider.System);
        var folder = new ConfigFolder(Options.Create(new OpbxOptions { Asterisk = new AsteriskOptions { ConfigDirectory = _root, Ami = ami } }), NullLogger<ConfigFolder>.Instance);
        var deployer = new AsteriskDeployer(folder, new AsteriskReloader(client, NullLogger<AsteriskReloader>.Instance, TimeProvider.System), new AsteriskInspector(client), client);
        return (deployer, client);
    }

    [Fact]
    public async Task A_reload_Asterisk_refused_is_done_by_the_next_deploy_though_no_file_changed()
    {
        await using var server = new FakeAmiServer().Start();
        var reloads = 0;
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] == "Reload" && Interlocked.Increment(ref reloads) == 1
            ? FakeAmiServer.Reply(action, "Error", "An unknown error occurred") // "A reload is in progress" the same deploy asks again
            : FakeAmiServer.Reply(action, "Success", "fine"));
        var (deployer, ami) = Deployer(new AmiOptions { Host = "127.0.0.1", Port = server.Port, Username = "opbx", Secret = "s" });
        await using var _ = ami;

        await Assert.ThrowsAsync<AmiActionException>(() => deployer.DeployAsync(Config));
        var retry = await deployer.DeployAsync(Config);
        var third = await deployer.DeployAsync(Config);

        Assert.True(retry.Changes.IsEmpty);
        Assert.Equal([AsteriskModule.Dialplan], retry.Reload.Reloaded);
        Assert.True(retry.Succeeded, retry.Describe());
        Assert.Empty(third.Reload.Reloaded);
        Assert.Equal(2, server.Received.Count(a => a["Action"] == "Reload"));
        Assert.Contains(server.Received, a => a["Action"] == "ShowDialPlan" && a["Context"] == "a-internal");
    }

    [Fact]
    public async Task Without_an_AMI_host_a_deploy_writes_the_files_and_reloads_and_checks_nothing()
    {
        var (deployer, ami) = Deployer(new AmiOptions());
        await using var _ = ami;

        var result = await deployer.DeployAsync(Config);

        Assert.True(result.Reload.Skipped);
        Assert.Null(result.Verification);
        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Changes.Written.Count);
        Assert.Contains("Asterisk not connected", result.Describe());
        Assert.True(File.Exists(Path.Combine(_root, "orgs", "a", "extensions.conf")));
    }

    private static ScopedConfig Organization(string key) => new(new RenderedConfig([
        new ConfigFile("opbx_extensions.conf", $"#include \"/x/orgs/{key}/extensions.conf\"\n", AsteriskModule.Dialplan),
        new ConfigFile($"orgs/{key}/extensions.conf", $"[{key}-internal]\nexten => 100,1,Hangup()\n", AsteriskModule.Dialplan),
    ]), $"orgs/{key}");

    /// <summary>Deploys b, c and d arrive while a's runs: after it, they are written in turn and share one reload.</summary>
    private static async Task<(AsteriskDeployResult A, AsteriskDeployResult[] Others)> DeployWhileOneRunsAsync(AsteriskDeployer deployer)
    {
        var holding = new TaskCompletionSource();
        var rendering = new TaskCompletionSource();
        var first = deployer.DeployAsync(async _ =>
        {
            rendering.SetResult();
            await holding.Task;
            return Organization("a");
        });
        await rendering.Task;
        var others = new[] { "b", "c", "d" }.Select(k => deployer.DeployAsync(_ => Task.FromResult<ScopedConfig?>(Organization(k)))).ToList();
        await Task.Delay(200);
        Assert.All(others, o => Assert.False(o.IsCompleted));
        holding.SetResult();
        return ((await first)!, (await Task.WhenAll(others))!.Select(r => r!).ToArray());
    }

    [Fact]
    public async Task Deploys_of_several_organizations_arriving_together_share_one_reload_and_are_each_checked()
    {
        await using var server = new FakeAmiServer().Start();
        var (deployer, ami) = Deployer(new AmiOptions { Host = "127.0.0.1", Port = server.Port, Username = "opbx", Secret = "s" });
        await using var _ = ami;

        var (a, others) = await DeployWhileOneRunsAsync(deployer);

        Assert.Equal(1, a.Reload.SharedBy);
        Assert.All(others, o => Assert.Equal((3, true), (o.Reload.SharedBy, o.Succeeded)));
        Assert.All(others, o => Assert.Equal([AsteriskModule.Dialplan], o.Reload.Reloaded));
        Assert.Equal(2, server.Received.Count(x => x["Action"] == "Reload"));
        Assert.Contains("once for 3 deploys", others[0].Describe());
        Assert.All(["b", "c", "d"], k => Assert.Contains(server.Received, x => x["Action"] == "ShowDialPlan" && x["Context"] == $"{k}-internal"));
        var top = await File.ReadAllTextAsync(Path.Combine(_root, "opbx_extensions.conf"));
        Assert.Contains("orgs/d/", top);
    }

    [Fact]
    public async Task When_one_deploy_of_a_shared_reload_is_refused_only_it_rolls_back()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] == "ShowDialPlan" && action["Context"] == "c-internal"
            ? FakeAmiServer.Reply(action, "Error", "Did not find context c-internal")
            : FakeAmiServer.Reply(action, "Success", "fine"));
        var (deployer, ami) = Deployer(new AmiOptions { Host = "127.0.0.1", Port = server.Port, Username = "opbx", Secret = "s" });
        await using var _ = ami;

        var (_, others) = await DeployWhileOneRunsAsync(deployer);

        var (b, c, d) = (others[0], others[1], others[2]);
        Assert.True(b.Succeeded, b.Describe());
        Assert.True(d.Succeeded, d.Describe());
        Assert.True(c.RolledBack, c.Describe());
        Assert.Equal([new MissingObject("context", "c-internal")], c.Verification!.Missing);
        Assert.False(File.Exists(Path.Combine(_root, "orgs", "c", "extensions.conf")));
        Assert.True(File.Exists(Path.Combine(_root, "orgs", "b", "extensions.conf")));
        Assert.True(File.Exists(Path.Combine(_root, "orgs", "d", "extensions.conf")));
    }

    /// <summary>
    /// A scripted Asterisk whose first reload is answered and whose later reloads hang (a reload stuck inside Asterisk) until
    /// <paramref name="release"/> completes; <paramref name="hanging"/> completes once one hangs.
    /// </summary>
    private static FakeAmiServer SlowSecondReload(TaskCompletionSource hanging, Task release)
    {
        var reloads = 0;
        var server = new FakeAmiServer();
        server.OnAction = async (session, action) =>
        {
            if (action["Action"] == "Reload" && Interlocked.Increment(ref reloads) > 1)
            {
                hanging.TrySetResult();
                await release;
            }
            await session.WriteAsync(FakeAmiServer.Reply(action, "Success", action["Action"] == "Login" ? "Authentication accepted" : "OK"));
        };
        return server.Start();
    }

    /// <summary>
    /// Holds the section with a deploy of "a" until <paramref name="holding"/> completes, so the deploys that arrive
    /// meanwhile wait and are then taken together (the first of them leads the batch).
    /// </summary>
    private static async Task<Task<AsteriskDeployResult?>> HoldSectionAsync(AsteriskDeployer deployer, Task holding)
    {
        var rendering = new TaskCompletionSource();
        var first = deployer.DeployAsync(async _ =>
        {
            rendering.SetResult();
            await holding;
            return Organization("a");
        });
        await rendering.Task;
        return first;
    }

    /// <summary>
    /// A deployer on a scripted AMI whose second reload (the batch's) hangs until <see cref="HungBatch.Release"/> completes
    /// (<see cref="HungBatch.Hanging"/> completes once it hangs), and a deploy of "a" (<see cref="HungBatch.A"/>) holding the
    /// section until <see cref="HungBatch.Holding"/> completes: the deploys that arrive meanwhile form one batch behind it.
    /// </summary>
    private async Task<HungBatch> HungBatchAsync()
    {
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource();
        var server = SlowSecondReload(hanging, release.Task);
        var (deployer, ami) = Deployer(new AmiOptions { Host = "127.0.0.1", Port = server.Port, Username = "opbx", Secret = "s" });
        var holding = new TaskCompletionSource();
        try
        {
            return new HungBatch(server, ami, deployer, hanging, release, holding, await HoldSectionAsync(deployer, holding.Task));
        }
        catch
        {
            await ami.DisposeAsync();
            await server.DisposeAsync();
            throw;
        }
    }

    private sealed record HungBatch(FakeAmiServer Server, AmiClient Ami, AsteriskDeployer Deployer, TaskCompletionSource Hanging,
        TaskCompletionSource Release, TaskCompletionSource Holding, Task<AsteriskDeployResult?> A) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Ami.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static Task<AsteriskDeployResult?> Arrive(AsteriskDeployer deployer, string key, CancellationToken ct = default) =>
        deployer.DeployAsync(_ => Task.FromResult<ScopedConfig?>(Organization(key)), ct);

    [Fact]
    public async Task A_batch_whose_leader_is_stopped_ends_every_other_deploy_with_the_reason_and_leaves_none_waiting()
    {
        await using var batch = await HungBatchAsync();
        var (deployer, hanging, release, holding, a) = (batch.Deployer, batch.Hanging, batch.Release, batch.Holding, batch.A);
        using var stop = new CancellationTokenSource();
        var b = Arrive(deployer, "b", stop.Token);
        await Task.Delay(100); // b waits first, so it leads the batch
        var c = Arrive(deployer, "c");
        var d = Arrive(deployer, "d");

        holding.SetResult();
        Assert.True((await a)!.Succeeded);
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(20)); // b, c and d share a reload that does not come back
        stop.Cancel();

        var all = Task.WhenAll(b, c, d);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10)));
        release.SetResult();
        Assert.True(all.IsCompleted, "A deploy of the stopped batch was left waiting.");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        Assert.Contains("stopped before it finished", (await Assert.ThrowsAsync<DeployInterruptedException>(() => c)).Message);
        await Assert.ThrowsAsync<DeployInterruptedException>(() => d);

        // The section is free again, and the reload the batch owed is done by the next deploy.
        var next = await Arrive(deployer, "e").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(next!.Succeeded, next.Describe());
        Assert.Equal([AsteriskModule.Dialplan], next.Reload.Reloaded);
    }

    [Fact]
    public async Task A_deploy_taken_into_a_batch_stops_waiting_at_its_own_bound_while_the_batch_still_runs()
    {
        await using var batch = await HungBatchAsync();
        var (deployer, hanging, release, holding, a) = (batch.Deployer, batch.Hanging, batch.Release, batch.Holding, batch.A);
        var b = Arrive(deployer, "b");
        await Task.Delay(100);
        using var bound = new CancellationTokenSource();
        var c = Arrive(deployer, "c", bound.Token);

        holding.SetResult();
        await a;
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(20)); // b leads b and c; their reload hangs
        bound.Cancel();

        await Task.WhenAny(c, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(c.IsCompleted, "The deploy waited past its own bound for its batch.");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c);
        Assert.False(b.IsCompleted);
        release.SetResult();
        Assert.True((await b.WaitAsync(TimeSpan.FromSeconds(20)))!.Succeeded);
    }

    [Fact]
    public async Task When_Asterisk_drops_AMI_during_a_shared_reload_every_deploy_of_the_batch_fails_and_the_next_one_reloads()
    {
        await using var batch = await HungBatchAsync();
        var (deployer, hanging, release, holding, a) = (batch.Deployer, batch.Hanging, batch.Release, batch.Holding, batch.A);
        var others = new[] { "b", "c", "d" }.Select(k => Arrive(deployer, k)).ToList();

        holding.SetResult();
        await a;
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(20));
        batch.Server.DropSessions();
        release.SetResult();

        var all = Task.WhenAll(others);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(all.IsCompleted, "A deploy of the batch was left waiting after AMI dropped.");
        Assert.All(others, o => Assert.IsAssignableFrom<AmiException>(o.Exception?.InnerException));
        var next = await Arrive(deployer, "e").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(next!.Succeeded, next.Describe());
        Assert.Equal([AsteriskModule.Dialplan], next.Reload.Reloaded);
    }
}
