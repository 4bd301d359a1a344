using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// POSTs one signed event. The host is resolved when connecting and every address it resolves to is vetted
/// (<see cref="WebhookAddresses"/>); the connection goes to a vetted address, so a DNS answer that changes between the check
/// and the connect (rebinding) cannot point it elsewhere. Redirects are not followed (a 3xx is a failed attempt), no proxy,
/// no cookies, a timeout for the whole attempt.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const int MaxResponseChars = 1000;

    private readonly WebhookOptions _options;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http;

    public WebhookSender(IOptions<OpbxOptions> options, TimeProvider clock)
    {
        _options = options.Value.Webhooks;
        _clock = clock;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = _options.Timeout,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Opbx-Webhooks/1");
    }

    public async Task<WebhookAttempt> SendAsync(string url, string secret, string eventId, string eventType, string body, CancellationToken ct)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.IdHeader, eventId);
        request.Headers.Add(WebhookSignature.EventHeader, eventType);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answer = await ReadStartAsync(response, timeout.Token);
            var code = (int)response.StatusCode;
            var ok = code is >= 200 and < 300;
            string? error = code is >= 300 and < 400 ? "The endpoint answered with a redirect; Opbx does not follow redirects." : null;
            return new WebhookAttempt(ok, code, Elapsed(watch), answer, error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookAttempt(false, null, Elapsed(watch), null, $"No answer within {_options.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            var refused = Find<WebhookRefusedException>(e);
            return new WebhookAttempt(false, null, Elapsed(watch), null, refused?.Message ?? $"Could not deliver: {Innermost(e).Message}");
        }
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseChars * 4];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length > MaxResponseChars ? text[..MaxResponseChars] : text;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await ResolveAsync(host, ct);
        if (addresses.Length == 0) throw new WebhookRefusedException($"{host} does not resolve to any address.");
        if (!_options.AllowPrivateAddresses && addresses.FirstOrDefault(WebhookAddresses.IsPrivate) is { } refused)
            throw new WebhookRefusedException($"Refused: {host} resolves to {refused}, a private or local address.");
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw last!;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T found) return found;
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public void Dispose() => _http.Dispose();
}
