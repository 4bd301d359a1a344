using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Opbx.Tests.Asterisk.Ami;

/// <summary>
/// A scripted AMI server on a loopback port, for the protocol's edge cases a real Asterisk will not produce on demand
/// (answers split byte by byte, answers out of order, silence, dropped sessions). Each test says how to answer each
/// action; by default logins succeed and every other action gets a plain Success.
/// </summary>
public sealed class FakeAmiServer : IAsyncDisposable
{
    private readonly ConcurrentBag<Session> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _connections;

    public FakeAmiServer(int? port = null)
    {
        Port = port ?? Tests.Infrastructure.Ports.Free();
    }

    public int Port { get; }
    public int Connections => Volatile.Read(ref _connections);
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Received { get; } = new();

    /// <summary>Answers one action. The default answers Login with Success and anything else with Success too.</summary>
    public Func<Session, IReadOnlyDictionary<string, string>, Task> OnAction { get; set; } = (session, action) =>
        session.WriteAsync(Reply(action, "Success", action["Action"] == "Login" ? "Authentication accepted" : "OK"));

    public static string Reply(IReadOnlyDictionary<string, string> action, string response, string message, params string[] extraLines) =>
        $"Response: {response}\r\nActionID: {action["ActionID"]}\r\nMessage: {message}\r\n" + string.Concat(extraLines.Select(l => l + "\r\n")) + "\r\n";

    public FakeAmiServer Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _acceptLoop = AcceptAsync(_listener);
        return this;
    }

    /// <summary>Ends every open session (as Asterisk does when it restarts).</summary>
    public void DropSessions()
    {
        foreach (var session in _sessions) session.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Stop();
        DropSessions();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // Stopping the listener ends the loop with an exception.
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            var session = new Session(client);
            _sessions.Add(session);
            _ = Task.Run(() => ServeAsync(session));
        }
    }

    private async Task ServeAsync(Session session)
    {
        try
        {
            await session.WriteAsync("Asterisk Call Manager/11.0.0\r\n");
            using var reader = new StreamReader(session.Stream, Encoding.UTF8);
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length > 0)
                {
                    var colon = line.IndexOf(':');
                    fields[line[..colon]] = line[(colon + 1)..].Trim();
                    continue;
                }
                if (fields.Count == 0) continue;
                var action = fields;
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                Received.Enqueue(action);
                // Answer on the side, so a test can hold one answer back while later actions are answered.
                _ = Task.Run(() => OnAction(session, action));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The client or the test ended the session.
        }
    }

    public sealed class Session(TcpClient client)
    {
        private readonly SemaphoreSlim _write = new(1, 1);

        public NetworkStream Stream { get; } = client.GetStream();

        /// <summary>Writes raw protocol text; with <paramref name="pieceSize"/>, in pieces of that many bytes with pauses between them.</summary>
        public async Task WriteAsync(string text, int? pieceSize = null)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await _write.WaitAsync();
            try
            {
                if (pieceSize is not { } size)
                {
                    await Stream.WriteAsync(bytes);
                    return;
                }
                for (var i = 0; i < bytes.Length; i += size)
                {
                    await Stream.WriteAsync(bytes.AsMemory(i, Math.Min(size, bytes.Length - i)));
                    await Stream.FlushAsync();
                    await Task.Delay(2);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The session was closed under the answer; the client sees the closed connection.
            }
            finally
            {
                _write.Release();
            }
        }

        public void Close() => client.Close();
    }
}
