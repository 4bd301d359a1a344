namespace Opbx.Domain.Calls;

/// <summary>What one read of the CDR file did: lines read, records written (new or updated), lines skipped and why, and
/// whether more is waiting (the read stopped at its size limit).</summary>
public sealed record CdrIngestResult(int Lines, int Saved, int UnknownAccount, int Malformed, bool More, bool Rotated);
