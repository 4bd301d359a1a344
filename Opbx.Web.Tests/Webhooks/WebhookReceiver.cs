using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Opbx.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on loopback (Kestrel, a free port): records every request (path, headers, raw body, time) and
/// answers with what <see cref="Answer"/> says for the n-th request (1-based).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public Func<int, (int Status, string Body, string? Location)> Answer { get; set; } = _ => (200, "ok", null);
    public string Url { get; private set; } = "";
    public int Port { get; private set; }

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new Received(context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, DateTimeOffset.UtcNow));
            var (status, text, location) = Answer(Requests.Count);
            context.Response.StatusCode = status;
            if (location is not null) context.Response.Headers.Location = location;
            await context.Response.WriteAsync(text);
        });
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        var address = receiver._app.Urls.Single();
        receiver.Port = new Uri(address).Port;
        receiver.Url = $"http://127.0.0.1:{receiver.Port}/hook";
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived (generous: the machine is loaded).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Requests.Count < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The receiver got {Requests.Count} of {count} requests.");
            await Task.Delay(50);
        }
        return Requests.ToList();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
