using System.Text.Json.Nodes;

namespace Opbx.Api;

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Source, string? Address, string Action, string TargetType, string TargetId,
    string TargetName, JsonNode? Changes, string? Note);
