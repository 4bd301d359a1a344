using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Opbx.Asterisk;
using Opbx.Asterisk.Ami;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Opbx's Asterisk I/O against a real Asterisk 22 and real SIP phones (SIPp): a configuration written through
/// ConfigFolder, reloaded through the reloader, verified through the inspector, all as the least-privilege AMI user of
/// the operator guide. Each test deploys an organization of its own (fresh names), replacing the previous test's.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class RealAsteriskTests(AsteriskServer asterisk) : IAsyncLifetime
{
    private readonly AmiClient _ami = new(asterisk.Ami, NullLogger<AmiClient>.Instance, TimeProvider.System);
    private ConfigFolder _folder = null!;
    private AsteriskInspector _inspector = null!;
    private AsteriskDeployer _deployer = null!;

    public Task InitializeAsync()
    {
        _folder = new ConfigFolder(Options.Create(asterisk.Options()), NullLogger<ConfigFolder>.Instance);
        _inspector = new AsteriskInspector(_ami);
        _deployer = new AsteriskDeployer(_folder, new AsteriskReloader(_ami, NullLogger<AsteriskReloader>.Instance, TimeProvider.System), _inspector, _ami);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ami.DisposeAsync();

    private async Task<(HandWrittenConfig Config, AsteriskDeployResult Result)> DeployOrganizationAsync(Action<HandWrittenConfig>? shape = null)
    {
        var config = HandWrittenConfig.NewOrganization(asterisk);
        config.AddPhone("100");
        config.AddPhone("101");
        shape?.Invoke(config);
        return (config, await _deployer.DeployAsync(config.Render()));
    }

    [Fact]
    public async Task A_deploy_reloads_the_changed_modules_and_Asterisk_holds_every_object_with_no_error_logged()
    {
        var mark = asterisk.LogPosition();

        var (config, result) = await DeployOrganizationAsync();

        Assert.True(result.Succeeded, result.Describe() + "\n" + asterisk.LogTail());
        Assert.Equal([AsteriskModule.Pjsip, AsteriskModule.Voicemail, AsteriskModule.Queues, AsteriskModule.Dialplan], result.Reload.Reloaded);
        Assert.Empty(asterisk.ErrorsSince(mark));
        Assert.Contains($"{config.Key}-100", await _inspector.EndpointsAsync());
        Assert.Contains($"{config.Key}-101-auth", await _inspector.AuthsAsync());
        Assert.True(await _inspector.ContextExistsAsync(config.Context));
        Assert.False(await _inspector.ContextExistsAsync(config.Context + "-nonexistent"));
        Assert.Contains(config.QueueName, await _inspector.QueuesAsync());
        Assert.Contains($"101@{config.Key}", await _inspector.MailboxesAsync());
    }

    [Fact]
    public async Task Deploying_the_same_config_again_writes_nothing_and_reloads_nothing()
    {
        var (config, first) = await DeployOrganizationAsync();
        Assert.True(first.Succeeded, first.Describe());
        var mark = asterisk.LogPosition();
        var fullMark = asterisk.FullLogPosition();

        var again = await _deployer.DeployAsync(config.Render());

        Assert.True(again.Changes.IsEmpty);
        Assert.Empty(again.Changes.Written);
        Assert.Empty(again.Reload.Reloaded);
        Assert.True(again.Succeeded, again.Describe());
        Assert.Empty(asterisk.ErrorsSince(mark));
        Assert.DoesNotContain("Reloading module", asterisk.FullLogSince(fullMark));
    }

    [Fact]
    public async Task A_registered_phone_gets_200_and_an_unknown_phone_or_a_wrong_password_is_refused()
    {
        var (config, deploy) = await DeployOrganizationAsync();
        Assert.True(deploy.Succeeded, deploy.Describe());
        var phone = config.Phones[0].Account;
        var contactPort = Ports.FreeUdp();

        var registered = await asterisk.Sipp.RegisterAsync(asterisk, phone, contactPort);
        var unknown = await asterisk.Sipp.RegisterAsync(asterisk, new SipAccount($"{config.Key}-999", phone.Password), Ports.FreeUdp());
        var wrongPassword = await asterisk.Sipp.RegisterAsync(asterisk, phone with { Password = "not-the-password-at-all" }, Ports.FreeUdp());

        registered.ShouldEndWith(200);
        unknown.ShouldEndWith(401);
        wrongPassword.ShouldEndWith(401);
        var contact = Assert.Single(await _inspector.ContactsAsync(), c => c.Aor == phone.Username);
        Assert.Contains($"127.0.0.1:{contactPort}", contact.Uri);
    }

    [Fact]
    public async Task Phone_A_calls_phone_B_and_B_answers_while_Asterisk_shows_the_call_under_the_account_code()
    {
        var (config, deploy) = await DeployOrganizationAsync();
        Assert.True(deploy.Succeeded, deploy.Describe());
        var (a, b) = (config.Phones[0], config.Phones[1]);
        await using var phoneB = asterisk.Sipp.Answer("127.0.0.1", Ports.FreeUdp());
        (await asterisk.Sipp.RegisterAsync(asterisk, b.Account, phoneB.Port)).ShouldEndWith(200);

        await using var call = asterisk.Sipp.StartCall(asterisk, b.Number, from: a.Account.Username, a.Account, hold: TimeSpan.FromSeconds(3));
        var channels = await EventuallyAsync(async () => (await _inspector.ChannelsAsync()).Where(c => c.AccountCode == config.Key).ToList(), c => c.Count == 2);
        var caller = await call.WaitAsync();
        var callee = await phoneB.WaitAsync();

        caller.ShouldEndWith(200);
        callee.ShouldHaveAnsweredOneCall();
        Assert.Equal((b.Account.Username, a.Number), callee.Invites[0]);
        Assert.Single(channels.Select(c => c.LinkedId).Distinct());
        Assert.Contains(channels, c => c.Channel.StartsWith($"PJSIP/{a.Account.Username}-", StringComparison.Ordinal) && c.Context == config.Context);
    }

    [Theory]
    [InlineData("999", 404)]
    [InlineData("403", 403)]
    [InlineData("503", 503)]
    public async Task A_refused_call_ends_with_the_SIP_answer_the_dialplan_chose(string dialled, int answer)
    {
        var (config, deploy) = await DeployOrganizationAsync();
        Assert.True(deploy.Succeeded, deploy.Describe());

        var call = await asterisk.Sipp.CallAsync(asterisk, dialled, from: config.Phones[0].Account.Username, config.Phones[0].Account);

        call.ShouldEndWith(answer);
    }

    [Fact]
    public async Task A_carrier_on_its_own_address_takes_an_outbound_call_and_delivers_an_inbound_one()
    {
        var carrierPort = Ports.FreeUdp("127.0.0.2");
        var (config, deploy) = await DeployOrganizationAsync(c => c.CarrierAt = $"127.0.0.2:{carrierPort}");
        Assert.True(deploy.Succeeded, deploy.Describe());
        var phone = config.Phones[0];

        await using (var carrier = asterisk.Sipp.Answer("127.0.0.2", carrierPort))
        {
            var outbound = await asterisk.Sipp.CallAsync(asterisk, "90049301234", from: phone.Account.Username, phone.Account);
            outbound.ShouldEndWith(200);
            var received = await carrier.WaitAsync();
            received.ShouldHaveAnsweredOneCall();
            Assert.Equal(("0049301234", "+" + config.Did), received.Invites[0]);
        }

        await using var desk = asterisk.Sipp.Answer("127.0.0.1", Ports.FreeUdp());
        (await asterisk.Sipp.RegisterAsync(asterisk, phone.Account, desk.Port)).ShouldEndWith(200);
        var inbound = await asterisk.Sipp.CallAsync(asterisk, config.Did, from: "4930999", address: "127.0.0.2");
        var rang = await desk.WaitAsync();

        inbound.ShouldEndWith(200);
        rang.ShouldHaveAnsweredOneCall();
        Assert.Equal((phone.Account.Username, "4930999"), rang.Invites[0]);
    }

    [Fact]
    public async Task An_endpoint_Asterisk_could_not_load_fails_the_verification_although_the_reload_said_Success()
    {
        var mark = asterisk.LogPosition();

        var (config, result) = await DeployOrganizationAsync(c => c.AddPhone("102", broken: true));

        Assert.Contains(AsteriskModule.Pjsip, result.Reload.Reloaded);
        Assert.False(result.Succeeded);
        Assert.Equal([new MissingObject("endpoint", $"{config.Key}-102")], result.Verification!.Missing);
        Assert.Contains($"endpoint {config.Key}-102", result.Describe());
        Assert.NotEmpty(asterisk.ErrorsSince(mark));
    }

    [Fact]
    public async Task Removing_an_endpoint_reloads_only_what_changed_and_the_old_expectation_then_reports_it_missing()
    {
        var (config, first) = await DeployOrganizationAsync(c => c.Queue = false);
        Assert.True(first.Succeeded, first.Describe());
        var before = ExpectedObjects.From(config.Render());
        var removed = config.Phones[1].Account.Username;
        config.Phones.RemoveAt(1);
        var mark = asterisk.LogPosition();

        var second = await _deployer.DeployAsync(config.Render());
        var verification = await _inspector.VerifyAsync(before);

        Assert.True(second.Succeeded, second.Describe());
        // The voicemail box went too; queues did not change.
        Assert.Equal([AsteriskModule.Pjsip, AsteriskModule.Voicemail, AsteriskModule.Dialplan], second.Reload.Reloaded);
        Assert.Equal(
            [new MissingObject("endpoint", removed), new MissingObject("aor", removed), new MissingObject("auth", removed + "-auth"), new MissingObject("mailbox", $"101@{config.Key}")],
            verification.Missing);
        Assert.Empty(asterisk.ErrorsSince(mark));
    }

    [Fact]
    public async Task A_removed_outbound_registration_is_unregistered_at_the_carrier_before_the_reload_drops_it()
    {
        var carrierPort = Ports.FreeUdp("127.0.0.3");
        await using var registrar = asterisk.Sipp.Registrar("127.0.0.3", carrierPort);
        var (config, first) = await DeployOrganizationAsync(c => c.RegistrarAt = $"127.0.0.3:{carrierPort}");
        Assert.True(first.Succeeded, first.Describe());
        await EventuallyAsync(() => _inspector.OutboundRegistrationsAsync(), r => r.Any(x => x.Name == config.Registration && x.Status == "Registered"));

        config.RegistrarAt = null;
        var second = await _deployer.DeployAsync(config.Render());
        var carrier = await registrar.WaitAsync();

        Assert.Equal([config.Registration], second.Changes.RemovedRegistrations);
        Assert.Equal([config.Registration], second.Unregistered);
        Assert.True(carrier.ExitCode == 0 && carrier.Registrations.SequenceEqual([120, 0]), carrier.Describe());
        Assert.DoesNotContain(await _inspector.OutboundRegistrationsAsync(), r => r.Name == config.Registration);
    }

    [Fact]
    public async Task The_operator_guides_AMI_user_can_reload_and_read_but_not_run_the_CLI_originate_or_write_config()
    {
        var command = await Assert.ThrowsAsync<AmiActionException>(() => _ami.CommandAsync("core show version"));
        var originate = await _ami.SendAsync(new AmiAction("Originate", ("Channel", "Local/100@default"), ("Application", "Wait"), ("Data", "1")));
        var updateConfig = await _ami.SendAsync(new AmiAction("UpdateConfig", ("SrcFilename", "extensions.conf"), ("DstFilename", "extensions.conf"), ("Action-000000", "NewCat"), ("Cat-000000", "x")));
        var reload = await _ami.SendAsync(new AmiAction("Reload", ("Module", "app_queue.so")));

        Assert.Contains("Permission denied", command.Message);
        Assert.Equal("Permission denied", originate.Message);
        Assert.Equal("Permission denied", updateConfig.Message);
        Assert.True(reload.IsSuccess);
    }

    [Fact]
    public async Task Command_output_from_the_real_Asterisk_comes_back_line_by_line_and_an_unknown_command_is_refused()
    {
        var (config, deploy) = await DeployOrganizationAsync();
        Assert.True(deploy.Succeeded, deploy.Describe());
        await using var cli = new AmiClient(asterisk.CommandAmi, NullLogger<AmiClient>.Instance, TimeProvider.System);

        var version = await cli.CommandAsync("core show version");
        var endpoints = await cli.CommandAsync("pjsip show endpoints");
        var unknown = await Assert.ThrowsAsync<AmiActionException>(() => cli.CommandAsync("no such command here"));

        Assert.StartsWith("Asterisk 22.10.1 built by", Assert.Single(version));
        // Indented table lines keep their indentation; both of the organization's endpoints are listed.
        Assert.Contains(endpoints, l => l.StartsWith(" Endpoint:  " + config.Phones[0].Account.Username, StringComparison.Ordinal));
        Assert.Contains(endpoints, l => l.StartsWith(" Endpoint:  " + config.Phones[1].Account.Username, StringComparison.Ordinal));
        Assert.Contains("No such command", unknown.Message);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still not there after {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds} s: {value}");
            await Task.Delay(200);
        }
    }
}
