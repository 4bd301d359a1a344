using System.Net;
using System.Text.RegularExpressions;

namespace Opbx.Tests.Infrastructure;

/// <summary>A browser-like HTTP session: cookies, antiforgery tokens taken from the page, no automatic redirects.</summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies = new();

    public WebSession(string baseUrl)
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    /// <summary>A second client holding a copy of this one's cookies as they are now (what a stolen cookie would be).</summary>
    public WebSession CopyCookies()
    {
        var copy = new WebSession(_client.BaseAddress!.ToString());
        foreach (Cookie cookie in _cookies.GetAllCookies()) copy._cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        return copy;
    }

    public static async Task<WebSession> SignInAsync(OpbxApp app, string email, string password)
    {
        var session = new WebSession(app.BaseUrl);
        var response = await session.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {email} failed: {response.StatusCode} {Errors(await response.Content.ReadAsStringAsync())}");
        return session;
    }

    public Task<HttpResponseMessage> GetAsync(string path, bool htmx = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return _client.SendAsync(request);
    }

    /// <summary>A request as it is given (its own headers), with this session's cookies.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    public async Task<string> GetHtmlAsync(string path)
    {
        var response = await GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form the way a browser would: the antiforgery token comes from a GET of <paramref name="pagePath"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? pagePath = null) =>
        PostFormAsync(path, fields.AsEnumerable(), pagePath);

    /// <summary>The same, for forms that repeat a field (checkbox lists).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? pagePath = null)
    {
        var page = await _client.GetStringAsync(pagePath ?? path.Split('?')[0]);
        var token = TokenPattern().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {pagePath ?? path}.");
        var form = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token.Groups[1].Value));
        return await _client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Uploads a file the way a browser form with enctype multipart/form-data would.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string path, string field, string fileName, byte[] content, string pagePath)
    {
        var page = await _client.GetStringAsync(pagePath);
        var token = TokenPattern().Match(page);
        var form = new MultipartFormDataContent
        {
            { new StringContent(token.Groups[1].Value), "__RequestVerificationToken" },
            { new ByteArrayContent(content), field, fileName },
        };
        return await _client.PostAsync(path, form);
    }

    /// <summary>The validation messages a page shows (summary and next to fields).</summary>
    public static string Errors(string html) =>
        string.Join(" | ", ErrorPattern().Matches(html).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", " ").Trim())).Where(s => s.Length > 0));

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<(?:div|li|span)[^>]*(?:invalid-feedback|alert-danger|validation-summary-errors|field-validation-error)[^>]*>(.*?)</(?:div|li|span)>", RegexOptions.Singleline)]
    private static partial Regex ErrorPattern();
}
