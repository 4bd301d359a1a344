using Microsoft.Extensions.Logging;

namespace Opbx.Tests.Infrastructure;

/// <summary>One entry of <see cref="CapturedLogs"/>.</summary>
public sealed record CapturedLogEntry(DateTimeOffset At, LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})")}";
}
