using Opbx.Asterisk.Ami;

namespace Opbx.Asterisk;

/// <summary>
/// Asks Asterisk to re-read the configuration of the modules whose files changed, one module at a time, over AMI
/// ("Reload" with a module: needs only the "system" write class). Never a core reload: that would re-read every module,
/// the operator's own included. The dialplan is reloaded through pbx_config, which is what "dialplan reload" does,
/// without needing the CLI ("command" class, which can do anything).
/// </summary>
public sealed class AsteriskReloader(AmiClient ami, ILogger<AsteriskReloader> logger, TimeProvider time)
{
    // Objects before the dialplan that refers to them, so a new extension never dials an endpoint not loaded yet.
    private static readonly AsteriskModule[] ReloadOrder = [AsteriskModule.Pjsip, AsteriskModule.Voicemail, AsteriskModule.Queues, AsteriskModule.Dialplan, AsteriskModule.Cdr];
    private readonly long[] _reloads = new long[Enum.GetValues<AsteriskModule>().Length];

    /// <summary>How long a reload waits for another one Asterisk is busy with before the deploy is failed.</summary>
    public static readonly TimeSpan ReloadInProgressLimit = TimeSpan.FromSeconds(60);

    private static bool IsReloadInProgress(AmiMessage response) =>
        !response.IsSuccess && response.Message?.Contains("reload is in progress", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Reloads of <paramref name="module"/> Asterisk accepted since Opbx started (the /metrics counter).</summary>
    public long Reloads(AsteriskModule module) => Interlocked.Read(ref _reloads[(int)module]);

    /// <summary>The Asterisk module that reads a module's configuration.</summary>
    public static string ModuleName(AsteriskModule module) => module switch
    {
        AsteriskModule.Pjsip => "res_pjsip.so",
        AsteriskModule.Dialplan => "pbx_config.so",
        AsteriskModule.Queues => "app_queue.so",
        AsteriskModule.Voicemail => "app_voicemail.so",
        AsteriskModule.Cdr => "cdr_custom.so",
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
    };

    /// <summary>
    /// Reloads exactly <paramref name="modules"/>. Without an AMI host nothing is sent and the outcome says so. A module
    /// Asterisk refuses to reload throws <see cref="AmiActionException"/>; note that a reload Asterisk accepts may still
    /// have dropped objects it could not parse: verify with <see cref="AsteriskInspector.VerifyAsync"/>.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(IReadOnlySet<AsteriskModule> modules, CancellationToken ct = default)
    {
        if (!ami.IsConfigured)
        {
            if (modules.Count > 0) logger.LogInformation("No AMI host configured: not reloading {Modules}.", string.Join(", ", modules.Order()));
            return new ReloadOutcome(Skipped: true, []);
        }
        var reloaded = new List<AsteriskModule>();
        foreach (var module in ReloadOrder.Where(modules.Contains))
        {
            var name = ModuleName(module);
            var response = await ami.SendAsync(new AmiAction("Reload", ("Module", name)), ct: ct);
            // Asterisk reloads one module at a time: while another reload runs (a large res_pjsip one, an operator's at the
            // console) it answers "A reload is in progress". That passes: ask again, waiting longer each time, for a while.
            var wait = TimeSpan.FromMilliseconds(250);
            var waited = TimeSpan.Zero;
            while (IsReloadInProgress(response) && waited < ReloadInProgressLimit)
            {
                logger.LogInformation("Asterisk is busy with another reload; asking again for {Module} in {Wait}.", name, wait);
                await Task.Delay(wait, time, ct);
                waited += wait;
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
                response = await ami.SendAsync(new AmiAction("Reload", ("Module", name)), ct: ct);
            }
            // cdr_custom declines to load while its file has no mapping (an operator's empty include before the first
            // deploy), and a declined module cannot be reloaded: it is loaded instead, once the mapping is there.
            if (module == AsteriskModule.Cdr && !response.IsSuccess && response.Message == "No such module")
                response = await ami.SendAsync(new AmiAction("ModuleLoad", ("Module", name), ("LoadType", "load")), ct: ct);
            response.EnsureSuccess($"the reload of {name}");
            reloaded.Add(module);
            Interlocked.Increment(ref _reloads[(int)module]);
        }
        if (reloaded.Count > 0) logger.LogInformation("Asterisk reloaded {Modules}.", string.Join(", ", reloaded.Select(ModuleName)));
        return new ReloadOutcome(Skipped: false, reloaded);
    }

    /// <summary>
    /// Unregisters an outbound registration at its carrier and stops Asterisk from registering it again. Do this before
    /// the reload that removes it: the reload drops the object but can leave the carrier believing we are registered.
    /// Waits (up to <paramref name="settle"/>, default 5 s) for the carrier's answer, so the reload does not destroy the
    /// registration with its unregistration still in flight. False when Asterisk has no such registration.
    /// </summary>
    public async Task<bool> UnregisterAsync(string registration, TimeSpan? settle = null, CancellationToken ct = default)
    {
        if (!ami.IsConfigured) return false;
        var response = await ami.SendAsync(new AmiAction("PJSIPUnregister", ("Registration", registration)), ct: ct);
        if (!response.IsSuccess && response.Message?.StartsWith("Unable to retrieve registration", StringComparison.Ordinal) == true) return false;
        response.EnsureSuccess($"unregistering {registration}");

        var deadline = time.GetUtcNow() + (settle ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var registrations = await ami.ListAsync(new AmiAction("PJSIPShowRegistrationsOutbound"), ct: ct);
            var state = registrations.Events.FirstOrDefault(e => e.EventName == "OutboundRegistrationDetail" && e["ObjectName"] == registration);
            if (state is null || state["Status"] != "Registered")
            {
                logger.LogInformation("Outbound registration {Registration} unregistered before its removal.", registration);
                return true;
            }
            if (time.GetUtcNow() > deadline)
            {
                logger.LogWarning("The carrier of {Registration} did not confirm the unregistration in time; removing it anyway.", registration);
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
    }
}
