using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// Every log entry the app writes at its configured level (Warning and up in tests), kept in memory so a test can show what
/// was logged and, as importantly, what was not (a job's unhandled exception logged by Quartz's JobRunShell, say).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>Entries logged at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<CapturedLogEntry> Since(DateTimeOffset since) => [.. _entries.Where(e => e.At >= since)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new CapturedLogEntry(DateTimeOffset.UtcNow, logLevel, category, formatter(state, exception), exception));
    }
}
