namespace Opbx.Domain.Pbx;

/// <summary>
/// One deploy of Asterisk configuration: queued by a save (any change that shapes the configuration), "Deploy now" or
/// Opbx starting, a rollback, then run by the deploy job (render, write, reload, verify). Saves that come while it is still queued
/// join it (<see cref="Requests"/>). An organization's deploy writes its own folder and the top-level files; a platform
/// deploy (<see cref="OrganizationId"/> null: shared trunks, a deleted organization, start-up) writes every organization.
/// The outcome fields are the job's bookkeeping, not a change anyone made: only "Deploy now" is in the audit log.
/// </summary>
public sealed class Deploy : IOrganizationOrPlatformOwned
{
    public Guid Id { get; set; } = EntityId.New();
    /// <summary>Null: a platform deploy (the top-level files and every organization's folder).</summary>
    public Guid? OrganizationId { get; set; }
    public DeployTrigger Trigger { get; set; }
    /// <summary>Who asked first (kept as text, like the audit log's actor): a person, an API key, "system".</summary>
    public string RequestedBy { get; set; } = "";
    /// <summary>How many saves and requests this one deploy answers.</summary>
    public int Requests { get; set; } = 1;
    public DeployStatus Status { get; set; } = DeployStatus.Queued;
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Files written (new or changed), one relative path a line.</summary>
    public string FilesWritten { get; set; } = "";
    /// <summary>Files deleted (an organization no longer rendered), one relative path a line.</summary>
    public string FilesDeleted { get; set; } = "";
    /// <summary>Asterisk modules reloaded, in order, e.g. "res_pjsip.so pbx_config.so".</summary>
    public string ModulesReloaded { get; set; } = "";
    /// <summary>No AMI host is configured: the files were written and nothing was reloaded or checked.</summary>
    public bool ReloadSkipped { get; set; }
    /// <summary>What the deploy did, in one line (files, reloads, what Asterisk holds).</summary>
    public string? Summary { get; set; }
    /// <summary>Why it failed: what Asterisk did not load, Asterisk unreachable, a render refused, …</summary>
    public string? Failure { get; set; }
    /// <summary>Asterisk's own words while the deploy reloaded (ERROR and WARNING lines of its log), when Opbx can read the log.</summary>
    public string? AsteriskErrors { get; set; }
    /// <summary>Files that had been edited by hand in the config folder (not what Opbx wrote) and that this deploy overwrote, one a line.</summary>
    public string FilesDrifted { get; set; } = "";
    /// <summary>A rollback by hand: the earlier deploy whose files it restores.</summary>
    public Guid? RollbackOfId { get; set; }
    /// <summary>Attempts that found Asterisk unreachable; the next one waits longer.</summary>
    public int Attempts { get; set; }

    public TimeSpan? Duration => StartedAt is { } started && FinishedAt is { } finished ? finished - started : null;

    public IReadOnlyList<string> Written => Lines(FilesWritten);
    public IReadOnlyList<string> Deleted => Lines(FilesDeleted);
    public IReadOnlyList<string> Drifted => Lines(FilesDrifted);
    public IReadOnlyList<string> Reloaded => ModulesReloaded.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Queued, waiting for Asterisk or running: a save now may or may not be in it yet.</summary>
    public bool IsPending => Status is DeployStatus.Queued or DeployStatus.Running or DeployStatus.WaitingForAsterisk;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
