using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Opbx.Tests.Infrastructure;

/// <summary>HTTP client for the REST API, reading bodies as JSON nodes (snake_case as on the wire).</summary>
public sealed class ApiClient(string baseUrl, AuthenticationHeaderValue? auth) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), DefaultRequestHeaders = { Authorization = auth } };

    public static ApiClient Bearer(OpbxApp app, string token) => new(app.BaseUrl, new AuthenticationHeaderValue("Bearer", token));
    public static ApiClient Anonymous(OpbxApp app) => new(app.BaseUrl, null);

    public static ApiClient Basic(OpbxApp app, string keyId, string secret) =>
        new(app.BaseUrl, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{keyId}:{secret}"))));

    public static ApiClient Key(OpbxApp app, Opbx.Domain.Organizations.CreatedOrganization org) => Basic(app, org.ApiKeyId, org.ApiSecret);

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);
    public Task<HttpResponseMessage> DeleteAsync(string path) => _http.DeleteAsync(path);
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) => _http.PostAsync(path, Body(body));
    public Task<HttpResponseMessage> PatchAsync(string path, object body) => _http.PatchAsync(path, Body(body));
    public Task<HttpResponseMessage> PutAsync(string path, object body) => _http.PutAsync(path, Body(body));
    public Task<HttpResponseMessage> PostRawAsync(string path, string json) => _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static HttpContent Body(object? body) => body switch
    {
        null => new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        string s => new StringContent(s, System.Text.Encoding.UTF8, "application/json"),
        _ => new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"),
    };

    public void Dispose() => _http.Dispose();
}
