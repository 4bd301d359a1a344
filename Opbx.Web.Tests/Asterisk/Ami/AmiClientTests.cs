using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Opbx.Asterisk;
using Opbx.Asterisk.Ami;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk.Ami;

/// <summary>The AMI protocol's edge cases, against a scripted server. The real Asterisk is in Asterisk/RealAsteriskTests.</summary>
public sealed class AmiClientTests
{
    private static AmiClient Client(int port, Action<AmiOptions>? configure = null)
    {
        var options = new AmiOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "opbx",
            Secret = "s3cret",
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ActionTimeout = TimeSpan.FromSeconds(10),
            ReconnectAttempts = 8,
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
        };
        configure?.Invoke(options);
        return new AmiClient(options, NullLogger<AmiClient>.Instance, TimeProvider.System);
    }

    [Fact]
    public async Task Logs_in_with_events_off_and_matches_the_answer_by_action_id()
    {
        await using var server = new FakeAmiServer().Start();
        await using var ami = Client(server.Port);

        var response = await ami.SendAsync(new AmiAction("Ping"));

        Assert.True(response.IsSuccess);
        Assert.Equal("Asterisk Call Manager/11.0.0", ami.Banner);
        var actions = server.Received.ToList();
        Assert.Equal(["Login", "Ping"], actions.Select(a => a["Action"]));
        Assert.Equal("opbx", actions[0]["Username"]);
        Assert.Equal("s3cret", actions[0]["Secret"]);
        Assert.Equal("off", actions[0]["Events"]);
        Assert.NotEqual(actions[0]["ActionID"], actions[1]["ActionID"]);
        Assert.Equal(actions[1]["ActionID"], response.ActionId);
    }

    [Fact]
    public async Task Answers_split_into_single_bytes_or_glued_together_are_read_whole()
    {
        await using var server = new FakeAmiServer().Start();
        var first = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.OnAction = async (session, action) =>
        {
            switch (action["Action"])
            {
                case "Split":
                    await session.WriteAsync(FakeAmiServer.Reply(action, "Success", "in pieces", "Value: split"), pieceSize: 1);
                    break;
                case "First":
                    first.SetResult(action);
                    break;
                case "Second":
                    // Both answers in one write, the second one first.
                    var one = await first.Task;
                    await session.WriteAsync(FakeAmiServer.Reply(action, "Success", "two") + FakeAmiServer.Reply(one, "Success", "one"));
                    break;
                default:
                    await session.WriteAsync(FakeAmiServer.Reply(action, "Success", "Authentication accepted"));
                    break;
            }
        };
        await using var ami = Client(server.Port);

        var split = await ami.SendAsync(new AmiAction("Split"));
        var one = ami.SendAsync(new AmiAction("First"));
        var two = ami.SendAsync(new AmiAction("Second"));

        Assert.Equal("in pieces", split.Message);
        Assert.Equal("split", split["Value"]);
        Assert.Equal("one", (await one).Message);
        Assert.Equal("two", (await two).Message);
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_answer_even_out_of_order()
    {
        const int callers = 30;
        await using var server = new FakeAmiServer().Start();
        var waiting = new ConcurrentQueue<(FakeAmiServer.Session Session, IReadOnlyDictionary<string, string> Action)>();
        server.OnAction = async (session, action) =>
        {
            if (action["Action"] == "Login")
            {
                await session.WriteAsync(FakeAmiServer.Reply(action, "Success", "Authentication accepted"));
                return;
            }
            waiting.Enqueue((session, action));
            if (waiting.Count < callers) return;
            foreach (var (s, a) in waiting.Reverse()) await s.WriteAsync(FakeAmiServer.Reply(a, "Success", "echo", "Value: " + a["Value"]));
        };
        await using var ami = Client(server.Port);

        var answers = await Task.WhenAll(Enumerable.Range(0, callers).Select(i => ami.SendAsync(new AmiAction("Echo", ("Value", i.ToString())))));

        Assert.Equal(Enumerable.Range(0, callers).Select(i => i.ToString()), answers.Select(a => a["Value"]));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task An_event_list_collects_its_own_events_between_unrelated_traffic()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = async (session, action) =>
        {
            if (action["Action"] != "CoreShowChannels")
            {
                await session.WriteAsync(FakeAmiServer.Reply(action, "Success", "Authentication accepted"));
                return;
            }
            var id = action["ActionID"];
            await session.WriteAsync(
                $"Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n" +
                "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n" +
                $"Event: CoreShowChannel\r\nActionID: {id}\r\nChannel: PJSIP/a-00000001\r\nDuration: 00:00:07\r\n\r\n" +
                "Event: CoreShowChannel\r\nActionID: someone-else\r\nChannel: PJSIP/x-00000009\r\n\r\n" +
                $"Event: CoreShowChannel\r\nActionID: {id}\r\nChannel: PJSIP/b-00000002\r\nDuration: 125:00:01\r\n\r\n" +
                $"Event: CoreShowChannelsComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 2\r\n\r\n", pieceSize: 7);
        };
        await using var ami = Client(server.Port);
        var unsolicited = new ConcurrentQueue<AmiMessage>();
        ami.EventReceived += (_, e) => unsolicited.Enqueue(e);

        var list = await ami.ListAsync(new AmiAction("CoreShowChannels"));
        var channels = await new AsteriskInspector(ami).ChannelsAsync();

        Assert.Equal(["PJSIP/a-00000001", "PJSIP/b-00000002"], list.Events.Select(e => e["Channel"]));
        Assert.Equal("2", list.Completion?["ListItems"]);
        Assert.Equal([TimeSpan.FromSeconds(7), new TimeSpan(125, 0, 1)], channels.Select(c => c.Duration));
        Assert.Contains(unsolicited, e => e.EventName == "FullyBooted");
        Assert.Contains(unsolicited, e => e["Channel"] == "PJSIP/x-00000009");
    }

    [Fact]
    public async Task Command_output_keeps_its_lines_and_a_refused_command_says_why()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] switch
        {
            "Command" when action["Command"] == "core show version" =>
                $"Response: Success\r\nActionID: {action["ActionID"]}\r\nMessage: Command output follows\r\nOutput: Asterisk 22.10.1\r\nOutput:   indented\r\nOutput: \r\n\r\n",
            "Command" =>
                $"Response: Error\r\nActionID: {action["ActionID"]}\r\nMessage: Command output follows\r\nOutput: No such command '{action["Command"]}'\r\n\r\n",
            _ => FakeAmiServer.Reply(action, "Success", "Authentication accepted"),
        });
        await using var ami = Client(server.Port);

        var output = await ami.CommandAsync("core show version");
        var refused = await Assert.ThrowsAsync<AmiActionException>(() => ami.CommandAsync("bogus"));

        Assert.Equal(["Asterisk 22.10.1", "  indented", ""], output);
        Assert.Contains("No such command 'bogus'", refused.Message);
    }

    [Fact]
    public async Task An_empty_pjsip_list_answered_as_an_error_with_a_stray_newline_is_an_empty_list()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] switch
        {
            // Asterisk's own bytes: the message carries a "\n" of its own before the line end.
            "PJSIPShowEndpoints" => $"Response: Error\r\nActionID: {action["ActionID"]}\r\nMessage: No endpoints found\n\r\n\r\n",
            "PJSIPShowAors" => $"Response: Error\r\nActionID: {action["ActionID"]}\r\nMessage: Permission denied\r\n\r\n",
            _ => FakeAmiServer.Reply(action, "Success", "Authentication accepted"),
        });
        await using var ami = Client(server.Port);
        var inspector = new AsteriskInspector(ami);

        Assert.Empty(await inspector.EndpointsAsync());
        Assert.True((await ami.SendAsync(new AmiAction("Ping"))).IsSuccess);
        var denied = await Assert.ThrowsAsync<AmiActionException>(() => inspector.AorsAsync());
        Assert.Contains("Permission denied", denied.Message);
    }

    [Fact]
    public async Task An_action_of_a_module_not_loaded_yet_is_told_apart_from_a_refusal()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] switch
        {
            // What a just-started Asterisk answers before app_voicemail is loaded (seen in CI after a restart).
            "VoicemailUsersList" => FakeAmiServer.Reply(action, "Error", "Invalid/unknown command: VoicemailUsersList. Use Action: ListCommands to show available commands."),
            "PJSIPShowAors" => FakeAmiServer.Reply(action, "Error", "Permission denied"),
            _ => FakeAmiServer.Reply(action, "Success", "Authentication accepted"),
        });
        await using var ami = Client(server.Port);
        var inspector = new AsteriskInspector(ami);

        var unknown = await Assert.ThrowsAsync<AmiActionException>(() => inspector.MailboxesAsync());
        var denied = await Assert.ThrowsAsync<AmiActionException>(() => inspector.AorsAsync());

        Assert.True(unknown.UnknownAction);
        Assert.False(denied.UnknownAction);
    }

    [Fact]
    public async Task An_unanswered_action_times_out_and_the_next_action_starts_a_fresh_session()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => action["Action"] == "Slow"
            ? Task.CompletedTask
            : session.WriteAsync(FakeAmiServer.Reply(action, "Success", "fine"));
        await using var ami = Client(server.Port, o => o.ActionTimeout = TimeSpan.FromMilliseconds(500));
        // The session is opened first, with time to spare, so the half second is the slow action's alone (connecting and
        // logging in count against the same limit, and in a full test run they once took longer than that).
        Assert.True((await ami.SendAsync(new AmiAction("Ping"), TimeSpan.FromSeconds(10))).IsSuccess);

        var clock = Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => ami.SendAsync(new AmiAction("Slow")));
        var waited = clock.Elapsed;
        var next = await ami.SendAsync(new AmiAction("Ping"));

        Assert.Contains("Slow", timeout.Message);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.True(next.IsSuccess);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task A_session_dropped_by_Asterisk_fails_the_waiting_action_at_once_and_the_next_action_reconnects()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) =>
        {
            if (action["Action"] != "Hang") return session.WriteAsync(FakeAmiServer.Reply(action, "Success", "fine"));
            session.Close();
            return Task.CompletedTask;
        };
        await using var ami = Client(server.Port, o => o.ActionTimeout = TimeSpan.FromSeconds(20));
        await ami.SendAsync(new AmiAction("Ping"));

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<AmiException>(() => ami.SendAsync(new AmiAction("Hang")));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True((await ami.SendAsync(new AmiAction("Ping"))).IsSuccess);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Connecting_retries_with_backoff_until_Asterisk_listens()
    {
        var port = Ports.Free();
        await using var ami = Client(port);

        var ping = ami.SendAsync(new AmiAction("Ping"));
        await Task.Delay(700);
        Assert.False(ping.IsCompleted);
        await using var server = new FakeAmiServer(port).Start();

        Assert.True((await ping).IsSuccess);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Giving_up_on_an_unreachable_Asterisk_says_where_it_tried()
    {
        var port = Ports.Free();
        await using var ami = Client(port, o => o.ReconnectAttempts = 2);

        var failure = await Assert.ThrowsAsync<AmiException>(() => ami.SendAsync(new AmiAction("Ping")));

        Assert.Contains($"127.0.0.1:{port}", failure.Message);
    }

    [Fact]
    public async Task A_refused_login_is_reported_and_not_retried()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => session.WriteAsync(FakeAmiServer.Reply(action, "Error", "Authentication failed"));
        await using var ami = Client(server.Port);

        var refused = await Assert.ThrowsAsync<AmiAuthenticationException>(() => ami.SendAsync(new AmiAction("Ping")));

        Assert.Contains("Authentication failed", refused.Message);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Without_a_host_nothing_is_sent_and_reloads_are_skipped()
    {
        await using var ami = new AmiClient(new AmiOptions(), NullLogger<AmiClient>.Instance, TimeProvider.System);
        var reloader = new AsteriskReloader(ami, NullLogger<AsteriskReloader>.Instance, TimeProvider.System);

        var outcome = await reloader.ReloadAsync(new HashSet<AsteriskModule> { AsteriskModule.Pjsip });

        Assert.False(ami.IsConfigured);
        Assert.True(outcome.Skipped);
        Assert.Empty(outcome.Reloaded);
        await Assert.ThrowsAsync<AmiException>(() => ami.SendAsync(new AmiAction("Ping")));
    }

    [Theory]
    [InlineData("core show version\r\nAction: Originate")]
    [InlineData("dialplan reload\n")]
    [InlineData("x\0y")]
    public void Values_that_would_smuggle_in_another_line_are_refused(string value)
    {
        Assert.Throws<ArgumentException>(() => new AmiAction("Command", ("Command", value)));
    }

    [Fact]
    public async Task Disposing_fails_the_waiting_action_and_refuses_new_ones()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => action["Action"] == "Slow"
            ? Task.CompletedTask
            : session.WriteAsync(FakeAmiServer.Reply(action, "Success", "fine"));
        var ami = Client(server.Port);
        var slow = ami.SendAsync(new AmiAction("Slow"));
        while (!server.Received.Any(a => a["Action"] == "Slow")) await Task.Delay(10);

        await ami.DisposeAsync();

        await Assert.ThrowsAnyAsync<AmiException>(() => slow);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ami.SendAsync(new AmiAction("Ping")));
    }

    [Fact]
    public async Task The_reloader_reloads_only_the_changed_modules_objects_before_the_dialplan_and_never_everything()
    {
        await using var server = new FakeAmiServer().Start();
        await using var ami = Client(server.Port);
        var reloader = new AsteriskReloader(ami, NullLogger<AsteriskReloader>.Instance, TimeProvider.System);

        var outcome = await reloader.ReloadAsync(new HashSet<AsteriskModule> { AsteriskModule.Dialplan, AsteriskModule.Queues, AsteriskModule.Pjsip });

        Assert.Equal([AsteriskModule.Pjsip, AsteriskModule.Queues, AsteriskModule.Dialplan], outcome.Reloaded);
        var reloads = server.Received.Where(a => a["Action"] == "Reload").ToList();
        Assert.Equal(["res_pjsip.so", "app_queue.so", "pbx_config.so"], reloads.Select(a => a["Module"]));
    }

    [Fact]
    public async Task A_reload_Asterisk_refuses_fails_with_its_reason()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] == "Reload"
            ? FakeAmiServer.Reply(action, "Error", "No such module")
            : FakeAmiServer.Reply(action, "Success", "Authentication accepted"));
        await using var ami = Client(server.Port);

        var refused = await Assert.ThrowsAsync<AmiActionException>(() =>
            new AsteriskReloader(ami, NullLogger<AsteriskReloader>.Instance, TimeProvider.System).ReloadAsync(new HashSet<AsteriskModule> { AsteriskModule.Voicemail }));

        Assert.Contains("app_voicemail.so", refused.Message);
        Assert.Contains("No such module", refused.Message);
    }
    [Fact]
    public async Task A_reload_refused_while_another_runs_is_asked_again_until_Asterisk_takes_it()
    {
        await using var server = new FakeAmiServer().Start();
        var refusals = 3;
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] == "Reload" && Interlocked.Decrement(ref refusals) >= 0
            ? FakeAmiServer.Reply(action, "Error", "A reload is in progress")
            : FakeAmiServer.Reply(action, "Success", "Module Reloaded"));
        await using var ami = Client(server.Port);

        var outcome = await new AsteriskReloader(ami, NullLogger<AsteriskReloader>.Instance, TimeProvider.System)
            .ReloadAsync(new HashSet<AsteriskModule> { AsteriskModule.Pjsip });

        Assert.Equal([AsteriskModule.Pjsip], outcome.Reloaded);
        Assert.Equal(4, server.Received.Count(a => a["Action"] == "Reload" && a["Module"] == "res_pjsip.so"));
    }

    [Fact]
    public async Task A_CDR_module_Asterisk_declined_for_want_of_a_mapping_is_loaded_instead_of_reloaded_and_no_other_module_is()
    {
        await using var server = new FakeAmiServer().Start();
        server.OnAction = (session, action) => session.WriteAsync(action["Action"] switch
        {
            "Reload" => FakeAmiServer.Reply(action, "Error", "No such module"),
            "ModuleLoad" => FakeAmiServer.Reply(action, "Success", "Module loaded."),
            _ => FakeAmiServer.Reply(action, "Success", "Authentication accepted"),
        });
        await using var ami = Client(server.Port);
        var reloader = new AsteriskReloader(ami, NullLogger<AsteriskReloader>.Instance, TimeProvider.System);

        var outcome = await reloader.ReloadAsync(new HashSet<AsteriskModule> { AsteriskModule.Cdr });

        Assert.Equal([AsteriskModule.Cdr], outcome.Reloaded);
        var load = Assert.Single(server.Received, a => a["Action"] == "ModuleLoad");
        Assert.Equal("cdr_custom.so", load["Module"]);
        Assert.Equal("load", load["LoadType"]);
        // Any other module Asterisk does not know stays an error: loading is only for the CDR mapping.
        await Assert.ThrowsAsync<AmiActionException>(() => reloader.ReloadAsync(new HashSet<AsteriskModule> { AsteriskModule.Queues }));
        Assert.Single(server.Received, a => a["Action"] == "ModuleLoad");
    }
}
