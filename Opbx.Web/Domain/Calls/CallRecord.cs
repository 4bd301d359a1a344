namespace Opbx.Domain.Calls;

/// <summary>
/// One CDR leg read from Asterisk's CDR output (the cdr_custom file Opbx generates). Legs of one call share <see cref="LinkedId"/>;
/// a leg is identified by (<see cref="UniqueId"/>, <see cref="Sequence"/>), so reading the same line twice updates instead of
/// counting it twice. It belongs to its organization by the channel's account code. Ingested rows are bookkeeping Asterisk made,
/// not a change a person made: they are not audited one by one.
/// </summary>
public sealed class CallRecord : IOrganizationOwned, IAuditNamed
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary>Asterisk's uniqueid of the leg's channel, e.g. "1764532000.42".</summary>
    public string UniqueId { get; set; } = "";
    /// <summary>Asterisk's CDR sequence number: with <see cref="UniqueId"/> it names one record.</summary>
    public int Sequence { get; set; }
    /// <summary>Shared by every leg of one call.</summary>
    public string LinkedId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>From start to end.</summary>
    public int DurationSeconds { get; set; }
    /// <summary>From answer to end: what minutes are counted from.</summary>
    public int BillSeconds { get; set; }
    public CallDisposition Disposition { get; set; }
    public CallDirection Direction { get; set; }
    /// <summary>Caller number as Asterisk saw it (an extension number or an outside number).</summary>
    public string Source { get; set; } = "";
    /// <summary>Dialled number (an extension, group, queue or outside number).</summary>
    public string Destination { get; set; } = "";
    public string? SourceChannel { get; set; }
    public string? DestinationChannel { get; set; }

    /// <summary>Kept by the database (a generated column, <see cref="CallNumberKeys.Suffix"/>): the number's end, reversed, for "ends with".</summary>
    public string SourceSuffix { get; private set; } = "";
    /// <summary>Kept by the database (<see cref="CallNumberKeys.Suffix"/>) for the dialled number.</summary>
    public string DestinationSuffix { get; private set; } = "";
    /// <summary>Kept by the database (<see cref="CallNumberKeys.PhoneSql"/>): the calling phone's endpoint name, if a PJSIP phone.</summary>
    public string? SourcePhone { get; private set; }
    /// <summary>Kept by the database (<see cref="CallNumberKeys.PhoneSql"/>): the called phone's endpoint name, if a PJSIP phone.</summary>
    public string? DestinationPhone { get; private set; }

    /// <summary>The calling member when the caller was one of the organization's extensions; cleared when the member is deleted.</summary>
    public Guid? MembershipId { get; set; }
    public string? CallerName { get; set; }
    public string? CallerEmail { get; set; }
    /// <summary>The called member when an extension of the organization answered or was rung; cleared when the member is deleted.</summary>
    public Guid? CalleeMembershipId { get; set; }
    public string? CalleeName { get; set; }

    /// <summary>
    /// The recording's file name inside the organization's recordings folder (<c>OrganizationFiles.Recordings</c>), made only
    /// from generated ids; null when the call was not recorded or its recording was removed by retention.
    /// </summary>
    public string? RecordingFile { get; set; }
    /// <summary>Size of the recording file, counted toward the organization's storage.</summary>
    public long RecordingBytes { get; set; }

    public string AuditName => $"{Source} → {Destination}";
}
