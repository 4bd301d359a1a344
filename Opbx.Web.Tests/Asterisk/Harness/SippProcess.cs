using System.Diagnostics;
using System.Text;

namespace Opbx.Tests.Asterisk.Harness;

/// <summary>One running SIPp. Wait for its result; disposing kills it if it is still running.</summary>
public sealed class SippProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SippFiles _files;
    private readonly TimeSpan _deadline;
    private readonly string _commandLine;
    private readonly StringBuilder _output = new();
    private SippResult? _result;
    private bool _disposed;

    internal SippProcess(Process process, SippFiles files, int port, TimeSpan deadline, string commandLine)
    {
        _process = process;
        _files = files;
        _deadline = deadline;
        _commandLine = commandLine;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The local SIP port this SIPp uses.</summary>
    public int Port { get; }

    /// <summary>
    /// One line for a failure message: which scenario on which port, and whether it is still running or how it ended
    /// (a SIPp that exited early, e.g. on a port it could not bind, explains a phone that never answered).
    /// </summary>
    public string State
    {
        get
        {
            var name = Path.GetFileNameWithoutExtension(_files.Log);
            if (_disposed) return $"{name}: finished";
            if (!_process.HasExited)
            {
                var seen = Read(_files.Messages);
                var errorsSoFar = Read(_files.Errors).Trim();
                return $"{name}: running; errors: {errorsSoFar}; last messages:\n{seen[Math.Max(0, seen.Length - 1500)..]}";
            }
            var errors = Read(_files.Errors).Trim();
            return $"{name}: exited with {_process.ExitCode}{(errors.Length > 0 ? ": " + errors[Math.Max(0, errors.Length - 600)..] : "")}";
        }
    }

    public async Task<SippResult> WaitAsync()
    {
        if (_result is not null) return _result;
        using var limit = new CancellationTokenSource(_deadline);
        var killed = false;
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            killed = true;
        }
        _process.WaitForExit();
        string output;
        lock (_output) output = _output.ToString();
        _result = new SippResult(
            killed ? -1 : _process.ExitCode, _commandLine, Read(_files.Log).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            output, Read(_files.Errors), Read(_files.Messages));
        return _result;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _disposed = true;
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            // SIPp redraws its statistics screen every second: keep only the end.
            if (_output.Length > 200_000) _output.Remove(0, 100_000);
            _output.AppendLine(line);
        }
    }

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
