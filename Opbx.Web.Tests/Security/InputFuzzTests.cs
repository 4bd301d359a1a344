using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Api;
using Opbx.Domain.Organizations;
using Opbx.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Opbx.Tests.Security;

/// <summary>
/// Hostile input to every form and every API body, generated from the app's own route table (EndpointDataSource), so a page
/// or endpoint added later is fuzzed without anyone remembering to. Every response must be below 500, and a request that was
/// refused, or that carried a value of the wrong type, must not have written anything (audit entries and row counts unchanged).
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class InputFuzzTests(OpbxApp app, ITestOutputHelper output)
{
    private const string Password = "Fuzz-password-123";

    /// <summary>One hostile value: the bytes as sent (so invalid UTF-8 can be sent too) and a short label for reports.</summary>
    private sealed record Hostile(string Label, byte[] Bytes, bool IsText = true)
    {
        public static Hostile Of(string label, string text) => new(label, Encoding.UTF8.GetBytes(text));
    }

    private static readonly Hostile Nul = Hostile.Of("NUL", "a\0b");
    private static readonly Hostile Controls = Hostile.Of("control characters", "a\u0001\u001b[31m\r\nb\u0085\u009f");
    // A lone UTF-16 surrogate cannot be form-encoded as UTF-8; its WTF-8 bytes are what a hostile client would send.
    private static readonly Hostile Surrogate = new("lone surrogate (WTF-8 bytes)", [0x61, 0xED, 0xA0, 0x80, 0x62], IsText: false);
    private static readonly Hostile Long = Hostile.Of("100 kB", new string('x', 100_000));
    private static readonly Hostile Huge = Hostile.Of("huge number", "99999999999999999999999999");
    private static readonly Hostile Word = Hostile.Of("not a boolean, number or id", "maybe");
    private static readonly Hostile Negative = Hostile.Of("negative", "-1");
    private static readonly Hostile Empty = Hostile.Of("empty", "");

    /// <summary>The hostile values that mean something for a field of this type (a word in a text field is just a word).</summary>
    private static Hostile[] FormValuesFor(Field field)
    {
        var type = Nullable.GetUnderlyingType(field.Type) ?? field.Type;
        if (type != typeof(string) && type.IsGenericType && type.GetGenericArguments() is [var element]) type = Nullable.GetUnderlyingType(element) ?? element;
        if (field.IsFile || type == typeof(string)) return [Nul, Controls, Surrogate, Long, Empty];
        if (type == typeof(bool)) return [Nul, Word, Huge, Empty];
        if (type.IsPrimitive || type == typeof(decimal)) return [Nul, Word, Huge, Negative, Empty];
        return [Nul, Word, Long, Empty];
    }

    private static readonly (string Label, string Json)[] JsonValues =
    [
        ("NUL", "\"a\\u0000b\""),
        ("control characters", "\"a\\u0001\\u001b[31m\\r\\nb\\u0085\""),
        ("lone surrogate", "\"a\\ud800b\""),
        ("100 kB", "\"" + new string('x', 100_000) + "\""),
        ("huge number", "1e400"),
        ("negative", "-1"),
        ("unknown enum value", "\"maybe\""),
        ("wrong type: object", "{}"),
        ("wrong type: array", "[1]"),
    ];

    [Fact]
    public async Task EveryFormFieldRefusesHostileValuesWithoutA5xxOrAWrite()
    {
        var world = await FuzzWorld.CreateAsync(app);
        var targets = await PageTargetsAsync();
        Assert.Contains(targets, t => t.Page == "/Org/Settings/Index" && t.Handler == "Compliance");
        Assert.Contains(targets, t => t.Page == "/Account/Login");
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        foreach (var target in targets)
        {
            var session = world.SessionFor(target);
            var (pageStatus, baseline, fields) = await world.FormAsync(session, target);
            if (pageStatus >= 500) failures.Add($"GET of {target} → {pageStatus}");
            if (fields.Count == 0)
            {
                output.WriteLine($"skipped {target}: no input to fuzz");
                continue;
            }
            output.WriteLine($"{target}: {string.Join(", ", fields.Select(f => f.Name))}");
            foreach (var field in fields)
            {
                foreach (var value in FormValuesFor(field))
                {
                    var url = await world.UrlAsync(target);
                    var before = await world.CountsAsync();
                    var response = await session.PostAsync(url, target, baseline, field, value);
                    sent++;
                    var body = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    var what = $"POST {url} {field.Name}={value.Label} → {status}";
                    if (status >= 500) failures.Add(what);
                    if (session.IsSignedIn && response.Headers.Location?.OriginalString.Contains("/Identity/Account/Login", StringComparison.Ordinal) == true)
                    {
                        failures.Add(what + " signed the fuzzing session out");
                        await session.SignInAgainAsync();
                    }
                    var refused = status is >= 400 and < 500 || (status == 200 && RefusalMarkup().IsMatch(body));
                    var mismatch = !field.Accepts(value);
                    if ((refused || mismatch) && await world.CountsAsync() != before)
                        failures.Add(what + (refused ? " was refused but wrote" : " (a value of the wrong type) was accepted and written"));
                }
            }
        }
        output.WriteLine($"{sent} form posts to {targets.Count} handlers in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join("\n", failures.Take(60)));
    }

    [Fact]
    public async Task EveryApiBodyRefusesHostileValuesWithoutA5xxOrAWrite()
    {
        var world = await FuzzWorld.CreateAsync(app);
        var targets = ApiTargets();
        Assert.Contains(targets, t => t.Name == "CreateOrganization");
        Assert.Contains(targets, t => t.Name == "UpdateCompliance");
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        foreach (var target in targets)
        {
            var mutations = new List<(string Path, string Label, string Body)>();
            if (target.BodyType is null)
            {
                foreach (var (label, json) in JsonValues) mutations.Add(("(whole body)", label, json));
                mutations.Add(("(whole body)", "not JSON", "{\"a\": "));
            }
            else
            {
                var baseline = Baselines.TryGetValue(target.Name, out var make)
                    ? make()
                    : throw new InvalidOperationException($"Add a valid baseline body for the endpoint {target.Name} to {nameof(Baselines)}.");
                foreach (var path in JsonPaths(target.BodyType, ""))
                {
                    foreach (var (label, json) in JsonValues) mutations.Add((path, label, Mutate(Baselines[target.Name](), path, json)));
                }
                mutations.Add(("(whole body)", "not JSON", "{\"a\": "));
                mutations.Add(("(whole body)", "a JSON array", "[" + baseline + "]"));
            }
            foreach (var (path, label, template) in mutations)
            {
                var url = await world.UrlAsync(target);
                var body = await world.FillIdsAsync(template);
                var before = await world.CountsAsync();
                using var request = new HttpRequestMessage(target.Method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = target.Policy == PlatformApi.Policy ? world.PlatformToken : world.ApiKey;
                using var response = await world.Api.SendAsync(request);
                sent++;
                var status = (int)response.StatusCode;
                var what = $"{target.Method} {url} {path}={label} → {status}";
                if (status >= 500) failures.Add(what + " " + Truncate(await response.Content.ReadAsStringAsync()));
                if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add(what + $" answered {response.Content.Headers.ContentType?.MediaType} instead of ProblemDetails");
                if (status >= 400 && await world.CountsAsync() != before) failures.Add(what + " was refused but wrote");
            }
        }
        output.WriteLine($"{sent} API requests to {targets.Count} endpoints in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join("\n", failures.Take(60)));
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // ----- the route table -----

    private sealed record Field(string Name, Type Type, bool IsFile, bool IsParameter = false)
    {
        private static readonly Type[] Numbers = [typeof(int), typeof(long), typeof(short), typeof(decimal), typeof(double), typeof(float)];

        /// <summary>Whether a browser-free client could have meant this value for this field (false: it has the wrong type).</summary>
        public bool Accepts(Hostile value)
        {
            if (IsFile) return true;
            var type = Nullable.GetUnderlyingType(Type) ?? Type;
            if (type != typeof(string) && type.IsGenericType && type.GetGenericArguments() is [var element]) type = element;
            if (type == typeof(string)) return true;
            var text = value.IsText ? Encoding.UTF8.GetString(value.Bytes) : "\uFFFD";
            if (text.Length == 0) return Nullable.GetUnderlyingType(Type) is not null || Type.IsGenericType;
            if (type == typeof(bool)) return bool.TryParse(text, out _);
            if (Numbers.Contains(type)) return int.TryParse(text, out _) || (type != typeof(int) && decimal.TryParse(text, out _));
            if (type == typeof(Guid)) return Guid.TryParse(text, out _);
            if (type.IsEnum) return Enum.TryParse(type, text, ignoreCase: true, out _);
            if (type == typeof(DateOnly)) return DateOnly.TryParse(text, out _);
            return true;
        }
    }

    private sealed record PageTarget(string Page, string? Area, string Route, string? Handler, IReadOnlyList<Field> Fields)
    {
        public override string ToString() => $"{Area}{Page}" + (Handler is null ? "" : $"?handler={Handler}");
    }

    private sealed record ApiTarget(string Name, HttpMethod Method, string Route, Type? BodyType, string Policy);

    /// <summary>Every Razor page handler for POST, with the fields it binds: its own parameters and the page's bound properties.</summary>
    private async Task<List<PageTarget>> PageTargetsAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var targets = new List<PageTarget>();
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Descriptor: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(p => p.Descriptor is not null)
            .GroupBy(p => (p.Descriptor!.AreaName, p.Descriptor.ViewEnginePath))
            .Select(g => g.OrderBy(p => p.Endpoint.RoutePattern.RawText!.Length).First());
        foreach (var (endpoint, descriptor) in pages)
        {
            var compiled = descriptor as CompiledPageActionDescriptor ?? await loader.LoadAsync(descriptor!, endpoint.Metadata);
            var properties = compiled.BoundProperties.Where(p => p.BindingInfo?.BindingSource != BindingSource.Path)
                .SelectMany(p => Flatten(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType, 0)).ToList();
            foreach (var handler in compiled.HandlerMethods.Where(h => h.HttpMethod == "Post"))
            {
                var parameters = handler.Parameters.SelectMany(p => Flatten(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType, 0))
                    .Select(f => f with { IsParameter = true });
                var fields = parameters.Concat(properties).DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
                targets.Add(new PageTarget(descriptor!.ViewEnginePath, descriptor.AreaName, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), handler.Name, fields));
            }
        }
        return targets.OrderBy(t => t.ToString(), StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<Field> Flatten(string name, Type type, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(IFormFile).IsAssignableFrom(underlying)) return [new Field(name, type, IsFile: true)];
        if (IsSimple(underlying)) return [new Field(name, type, IsFile: false)];
        if (underlying.IsGenericType && underlying.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(underlying))
            return IsSimple(element) ? [new Field(name, type, IsFile: false)] : [];
        if (depth > 2 || !underlying.IsClass) return [];
        return underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true)
            .SelectMany(p => Flatten($"{name}.{p.Name}", p.PropertyType, depth + 1));
    }

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateOnly)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(TimeOnly)
        || (Nullable.GetUnderlyingType(type) is { } inner && IsSimple(inner));

    /// <summary>Every API endpoint that takes a body (POST, PUT, PATCH), with the body type it declares.</summary>
    private List<ApiTarget> ApiTargets() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH")
            .Select(m => new ApiTarget(
                e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName ?? e.RoutePattern.RawText!,
                new HttpMethod(m),
                "/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "")))
        .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>The JSON paths of a body type (snake_case, as on the wire): every leaf, and every object as a whole.</summary>
    private static IEnumerable<string> JsonPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            yield return path;
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!IsSimple(t) && t.IsClass)
            {
                foreach (var inner in JsonPaths(t, path + ".")) yield return inner;
            }
        }
    }

    private static string Mutate(string baseline, string path, string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(baseline)!.AsObject();
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not System.Text.Json.Nodes.JsonObject child) node[part] = child = new System.Text.Json.Nodes.JsonObject();
            node = child;
        }
        node[parts[^1]] = "__HOSTILE__";
        return root.ToJsonString().Replace("\"__HOSTILE__\"", json, StringComparison.Ordinal);
    }

    /// <summary>A valid body per endpoint, so a hostile value in one field reaches the code behind the first check.</summary>
    private static readonly Dictionary<string, Func<string>> Baselines = new()
    {
        ["CreateOrganization"] = () => $$$"""{"name":"Fuzz {{{Unique()}}}","industry":"general","owner":{"name":"Fuzz Owner","email":"fuzz-{{{Unique()}}}@example.test"}}""",
        ["UpdateOrganization"] = () => """{"contact_info":{"phone":"+1 555 0100"}}""",
        ["CreateUser"] = () => $$"""{"name":"Fuzz Person","email":"fuzz-{{Unique()}}@example.test","role":"pbx_user"}""",
        ["InviteUser"] = () => $$"""{"name":"Fuzz Person","email":"fuzz-{{Unique()}}@example.test","role":"reporter"}""",
        ["UpdateUser"] = () => """{"name":"Fuzz Person"}""",
        ["SetAutoDeploy"] = () => """{"enabled":true}""",
        ["CreateWebhook"] = () => """{"url":"https://example.com/fuzz","events":["call.ended"],"enabled":true}""",
        ["UpdateWebhook"] = () => """{"url":"https://example.com/fuzz-changed","events":["call.ended"],"enabled":false}""",
        ["UpdateUsageSettings"] = () => """{"usage_alert_thresholds":"80, 100","minutes_hard_limit":false,"storage_hard_limit":false}""",
        ["UpdateCompliance"] = () => """{"recording_consent_mode":"announcement","cdr_retention_days":90,"recording_retention_days":30,"pii_masking":true}""",
        // PBX bodies; @trunk@, @did@ and @organization@ are the world's own (FuzzWorld.FillIdsAsync). PATCH takes any subset: {} is valid.
        ["CreateExtension"] = () => $$"""{"number":"{{ShortNumber()}}","name":"Fuzz phone"}""",
        ["UpdateExtension"] = () => "{}",
        ["CreateRingGroup"] = () => $$"""{"number":"{{ShortNumber()}}","name":"Fuzz group","strategy":"sequential"}""",
        ["UpdateRingGroup"] = () => "{}",
        ["CreateQueue"] = () => $$"""{"number":"{{ShortNumber()}}","name":"Fuzz queue","strategy":"ringall"}""",
        ["UpdateQueue"] = () => "{}",
        ["CreateTrunk"] = () => $$"""{"name":"Fuzz {{Unique()}}","host":"203.0.113.50"}""",
        ["UpdateTrunk"] = () => "{}",
        ["CreateDid"] = () => $$$"""{"number":"{{{E164Number()}}}","trunk_id":"@trunk@","destination":{"kind":"hangup"}}""",
        ["UpdateDid"] = () => "{}",
        ["CreateOutboundRoute"] = () => """{"name":"Fuzz route","patterns":[{"pattern":"_9X.","strip":1,"prepend":"+1"}],"trunk_ids":["@trunk@"]}""",
        ["UpdateOutboundRoute"] = () => "{}",
        ["CreateEmergencyNumber"] = () => $$"""{"number":"{{ShortNumber()}}","caller_id_did_id":"@did@","trunk_ids":["@trunk@"]}""",
        ["UpdateEmergencyNumber"] = () => "{}",
        ["CreateSharedTrunk"] = () => $$"""{"name":"Fuzz {{Unique()}}","host":"198.51.100.50"}""",
        ["UpdateSharedTrunk"] = () => "{}",
        ["AddNumber"] = () => $$"""{"number":"{{E164Number()}}"}""",
        ["AssignNumber"] = () => """{"organization_id":"@organization@"}""",
        ["SetNumberTrunk"] = () => """{"trunk_id":null}""",
    };

    private static string ShortNumber() => Random.Shared.Next(10_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string E164Number() => "+1" + Random.Shared.NextInt64(2_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Unique() => Guid.NewGuid().ToString("N")[..10];

    [GeneratedRegex("validation-summary-errors|is-invalid|field-validation-error|invalid-feedback d-block|id=\"file-error\"|role=\"alert\" id=\"error-|text-danger mt-2\" role=\"alert\"><ul><li>")]
    private static partial Regex RefusalMarkup();

    // ----- the world the fuzzing runs in -----

    /// <summary>
    /// A platform manager, an organization with its owner and a member, and targets for routes with ids; targets that a
    /// handler deleted or changed (a hostile value sent to a delete button is still a delete) are made again before the next request.
    /// </summary>
    private sealed class FuzzWorld
    {
        private readonly OpbxApp _app;
        private readonly SqliteConnection _db;
        private CreatedOrganization _victimOrganization = null!;
        private Guid _victimAccount;
        private Guid _victimMember;

        private FuzzWorld(OpbxApp app)
        {
            _app = app;
            _db = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "opbx.db")};Mode=ReadOnly");
            _db.Open();
        }

        public CreatedOrganization Organization { get; private set; } = null!;
        public FormSession Manager { get; private set; } = null!;
        public FormSession Owner { get; private set; } = null!;
        public FormSession Member { get; private set; } = null!;
        public FormSession Anonymous { get; private set; } = null!;
        public HttpClient Api { get; } = new();
        public AuthenticationHeaderValue PlatformToken { get; private set; } = null!;
        public AuthenticationHeaderValue ApiKey { get; private set; } = null!;

        public static async Task<FuzzWorld> CreateAsync(OpbxApp app)
        {
            var world = new FuzzWorld(app);
            var manager = await app.CreatePlatformManagerAsync(Password);
            world.Organization = await app.CreateOrganizationAsync("Fuzz " + Unique(), password: Password, configure: s => { s.MaxApiKeys = 100; s.MaxUsers = 10_000; s.MaxTrunks = 1_000; s.MaxDids = 10_000; s.MaxQueues = 1_000; s.WebhooksEnabled = true; });
            var member = await app.AddMemberAsync(world.Organization.Organization.Id, "pbx_user", password: Password);
            var memberEmail = await app.WithScopeAsync(async sp =>
                (await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Domain.People.Account>>().FindByIdAsync(member.AccountId.ToString()))!.Email!);
            world.Manager = await FormSession.SignInAsync(app, manager.Email!, "/Platform");
            world.Owner = await FormSession.SignInAsync(app, world.Organization.Owner.Email!, $"/Org/{world.Organization.Organization.Id}");
            world.Member = await FormSession.SignInAsync(app, memberEmail, "/Identity/Account/Manage");
            world.Anonymous = await FormSession.AnonymousAsync(app);
            world.Api.BaseAddress = new Uri(app.BaseUrl);
            world.PlatformToken = new AuthenticationHeaderValue("Bearer", await app.PlatformTokenAsync(manager.Id));
            world.ApiKey = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{world.Organization.ApiKeyId}:{world.Organization.ApiSecret}")));
            return world;
        }

        public FormSession SessionFor(PageTarget target) => target switch
        {
            { Area: "Identity", Page: var p } when p.StartsWith("/Account/Manage", StringComparison.Ordinal) => Member,
            { Page: var p } when p.StartsWith("/Platform", StringComparison.Ordinal) => Manager,
            { Page: var p } when p.StartsWith("/Org", StringComparison.Ordinal) => Owner,
            _ => Anonymous,
        };

        /// <summary>
        /// The current values of the page's form fields, as a browser would send them back, and the fields to fuzz: the handler's
        /// own parameters, and those of the page's bound properties that the form posting to this handler carries (every bound
        /// property is bound for every handler; a delete button's form carries none of the profile form's fields). When no form
        /// on the page posts to the handler (htmx rows, pages that cannot render it), all of them.
        /// </summary>
        public async Task<(int Status, Dictionary<string, string> Values, List<Field> Fields)> FormAsync(FormSession session, PageTarget target)
        {
            var pageUrl = await UrlAsync(target with { Handler = null });
            var response = await session.Client.GetAsync(pageUrl);
            var html = await response.Content.ReadAsStringAsync();
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var posted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var found = false;
            foreach (Match form in FormPattern().Matches(html))
            {
                var attributes = form.Groups["attrs"].Value;
                var isPost = attributes.Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase) || attributes.Contains("hx-post=", StringComparison.Ordinal);
                var action = WebUtility.HtmlDecode(Attribute(attributes, "action") ?? Attribute(attributes, "hx-post") ?? "").Split('?')[0];
                if (!isPost || (action.Length > 0 && !string.Equals(action, pageUrl, StringComparison.OrdinalIgnoreCase))) continue;
                var handlers = HandlerPattern().Matches(attributes + form.Groups["body"].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var defaultHandler = !HandlerPattern().IsMatch(attributes);
                if (!(target.Handler is null ? defaultHandler : handlers.Contains(target.Handler))) continue;
                found = true;
                foreach (Match input in InputPattern().Matches(form.Groups["body"].Value))
                {
                    var tag = input.Value;
                    var name = Attribute(tag, "name");
                    if (name is null || name == "__RequestVerificationToken") continue;
                    posted.Add(name);
                    var type = Attribute(tag, "type") ?? "text";
                    if (values.ContainsKey(name) || type is "submit" or "button" or "file" || (type is "checkbox" or "radio" && !tag.Contains(" checked", StringComparison.Ordinal))) continue;
                    values[name] = WebUtility.HtmlDecode(Attribute(tag, "value") ?? "");
                }
                foreach (Match select in SelectPattern().Matches(form.Groups["body"].Value))
                {
                    posted.Add(select.Groups["name"].Value);
                    var selected = SelectedPattern().Match(select.Groups["options"].Value);
                    if (!values.ContainsKey(select.Groups["name"].Value) && selected.Success)
                        values[select.Groups["name"].Value] = WebUtility.HtmlDecode(selected.Groups["value"].Value);
                }
            }
            var fields = target.Fields.Where(f => !found || f.IsParameter || posted.Contains(f.Name)).ToList();
            var known = fields.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return ((int)response.StatusCode, values.Where(v => known.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase), fields);
        }

        /// <summary>The target's URL with its route values filled in, making the things they point at again when a handler removed them.</summary>
        public async Task<string> UrlAsync(PageTarget target)
        {
            var url = await FillAsync(target.Route, target.Page);
            return target.Handler is null ? url : url + "?handler=" + target.Handler;
        }

        public Task<string> UrlAsync(ApiTarget target) => FillAsync(target.Route, target.Route);

        private async Task<string> FillAsync(string route, string page)
        {
            var url = route;
            foreach (Match parameter in RouteParameter().Matches(route))
            {
                var name = parameter.Groups["name"].Value;
                var value = name switch
                {
                    "org" => Organization.Organization.Id.ToString(),
                    "code" => "404",
                    "id" when page.StartsWith("/Platform/Users", StringComparison.Ordinal) => (await VictimAccountAsync()).ToString(),
                    "id" when page.Contains("rganizations", StringComparison.Ordinal) => (await VictimOrganizationAsync()).ToString(),
                    "id" when page.StartsWith("/Org/Users", StringComparison.Ordinal) || page.StartsWith("/api/v1/users", StringComparison.Ordinal)
                        => (await VictimMemberAsync()).ToString(),
                    "id" when page.StartsWith("/api/v1/extensions", StringComparison.Ordinal) => (await PbxVictimAsync("Extensions", "extension")).ToString(),
                    "id" when page.StartsWith("/api/v1/ring-groups", StringComparison.Ordinal) => (await PbxVictimAsync("RingGroups", "ring group")).ToString(),
                    "id" when page.StartsWith("/api/v1/queues", StringComparison.Ordinal) => (await PbxVictimAsync("Queues", "queue")).ToString(),
                    "id" when page.StartsWith("/api/v1/trunks", StringComparison.Ordinal) => (await PbxVictimAsync("Trunks", "trunk")).ToString(),
                    "id" when page.StartsWith("/api/v1/dids", StringComparison.Ordinal) => (await PbxVictimAsync("Dids", "did")).ToString(),
                    "id" when page.StartsWith("/api/v1/outbound-routes", StringComparison.Ordinal) => (await PbxVictimAsync("OutboundRoutes", "route")).ToString(),
                    "id" when page.StartsWith("/api/v1/webhooks", StringComparison.Ordinal) => (await WebhookVictimAsync()).ToString(),
                    "endpoint" => (await WebhookVictimAsync()).ToString(),
                    "deliveryId" => (await WebhookDeliveryVictimAsync()).ToString(),
                    "id" when page.StartsWith("/api/v1/emergency-numbers", StringComparison.Ordinal) => (await PbxVictimAsync("EmergencyNumbers", "emergency")).ToString(),
                    "id" when page.StartsWith("/api/v1/shared-trunks", StringComparison.Ordinal) => (await PbxVictimAsync("Trunks", "shared trunk")).ToString(),
                    "id" when page.StartsWith("/api/v1/numbers", StringComparison.Ordinal) => (await PbxVictimAsync("Dids", "platform number")).ToString(),
                    "id" when TelephonyTable(page) is { } table => (await VictimTelephonyAsync(table)).ToString(),
                    "id" when page.Contains("deploys", StringComparison.OrdinalIgnoreCase) => (await VictimDeployAsync()).ToString(),
                    _ => throw new InvalidOperationException($"The fuzz test has no value for {{{name}}} in {route}; add one to {nameof(FillAsync)}."),
                };
                url = url.Replace(parameter.Value, value, StringComparison.Ordinal);
            }
            return url;
        }

        private async Task<Guid> VictimAccountAsync()
        {
            if (_victimAccount == Guid.Empty || await ScalarAsync($"SELECT count(*) FROM Accounts WHERE Id = '{_victimAccount.ToString().ToUpperInvariant()}' AND IsActive AND NOT IsPlatformManager") == 0)
                _victimAccount = (await _app.AddMemberAsync(Organization.Organization.Id, "reporter", password: Password)).AccountId;
            return _victimAccount;
        }

        private async Task<Guid> VictimMemberAsync()
        {
            if (_victimMember == Guid.Empty || await ScalarAsync($"SELECT count(*) FROM Memberships WHERE Id = '{_victimMember.ToString().ToUpperInvariant()}' AND Status = 'Active'") == 0)
                _victimMember = (await _app.AddMemberAsync(Organization.Organization.Id, "pbx_user", password: Password)).Id;
            return _victimMember;
        }

        private readonly Dictionary<string, Guid> _pbxVictims = [];

        /// <summary>The body with the world's own trunk, number and organization in place of @trunk@, @did@ and @organization@.</summary>
        public async Task<string> FillIdsAsync(string body)
        {
            if (body.Contains("@trunk@", StringComparison.Ordinal)) body = body.Replace("@trunk@", (await PbxVictimAsync("Trunks", "trunk")).ToString(), StringComparison.Ordinal);
            if (body.Contains("@did@", StringComparison.Ordinal)) body = body.Replace("@did@", (await PbxVictimAsync("Dids", "did")).ToString(), StringComparison.Ordinal);
            return body.Replace("@organization@", Organization.Organization.Id.ToString(), StringComparison.Ordinal);
        }

        /// <summary>A PBX resource of the world's organization (or the platform's) for routes with an id, made again when a request removed it.</summary>
        private Guid? _deploy;
        private Guid? _webhook;

        /// <summary>A finished, successful deploy of the organization (its page, its diff, a rollback to it).</summary>
        private async Task<Guid> VictimDeployAsync()
        {
            if (_deploy is { } known) return known;
            var org = Organization.Organization.Id;
            // "Deploy now" may join a deploy queued earlier, so every deploy is looked at, not only those queued from now.
            var since = DateTimeOffset.MinValue;
            var owner = Domain.Rules.Actor.Person(Organization.Owner.Id, false, Domain.People.OrgRole.Owner);
            var deploy = await _app.InOrganizationAsync(org, sp => sp.GetRequiredService<Opbx.Asterisk.Deploys.DeployService>().DeployNowAsync(owner));
            var settled = await _app.SettledDeploysAsync(since);
            var done = settled.Single(d => d.Id == deploy.Id);
            Assert.Equal(Domain.Pbx.DeployStatus.Succeeded, done.Status);
            _deploy = done.Id;
            return done.Id;
        }

        /// <summary>An endpoint for call.ended only (the fuzz organization makes no call records, so nothing is ever sent to it).</summary>
        private async Task<Guid> WebhookVictimAsync()
        {
            if (_webhook is { } known && await ScalarAsync($"SELECT count(*) FROM WebhookEndpoints WHERE Id = '{known.ToString().ToUpperInvariant()}'") > 0) return known;
            var owner = Domain.Rules.Actor.Person(Organization.Owner.Id, false, Domain.People.OrgRole.Owner);
            var created = await _app.InOrganizationAsync(Organization.Organization.Id, sp => sp.GetRequiredService<Domain.Webhooks.WebhookService>()
                .CreateAsync(owner, new Domain.Webhooks.WebhookInput { Url = "https://example.com/victim", Events = [Domain.Webhooks.WebhookEvents.CallEnded] }));
            _webhook = created.Endpoint.Id;
            return created.Endpoint.Id;
        }

        /// <summary>A settled (cancelled) delivery of the victim endpoint, so its log has a row to resend.</summary>
        private async Task<Guid> WebhookDeliveryVictimAsync()
        {
            var endpoint = await WebhookVictimAsync();
            return await _app.InOrganizationAsync(Organization.Organization.Id, async sp =>
            {
                var db = sp.GetRequiredService<Opbx.Data.OpbxDb>();
                var delivery = new Domain.Webhooks.WebhookDelivery
                {
                    EndpointId = endpoint, EventId = "evt_fuzz_" + Unique(), EventType = Domain.Webhooks.WebhookEvents.CallEnded, Payload = "{}",
                    CreatedAt = DateTimeOffset.UtcNow, Status = Domain.Webhooks.WebhookDeliveryStatus.Cancelled,
                };
                db.WebhookDeliveries.Add(delivery);
                await db.SaveChangesAsync();
                return delivery.Id;
            });
        }

        private async Task<Guid> PbxVictimAsync(string table, string kind)
        {
            if (_pbxVictims.TryGetValue(kind, out var id)
                && await ScalarAsync($"SELECT count(*) FROM {table} WHERE Id = '{id.ToString().ToUpperInvariant()}'") > 0) return id;
            var owner = Domain.Rules.Actor.Person(Organization.Owner.Id, false, Domain.People.OrgRole.Owner);
            var manager = await _app.AdminActorAsync();
            var org = Organization.Organization.Id;
            id = kind switch
            {
                "extension" => (await _app.InOrganizationAsync(org, sp => sp.GetRequiredService<Domain.Pbx.ExtensionService>()
                    .CreateAsync(owner, new Domain.Pbx.ExtensionInput { Number = ShortNumber(), Name = "Victim" }))).ExtensionId,
                "ring group" => (await _app.InOrganizationAsync(org, sp => sp.GetRequiredService<Domain.Pbx.RingGroupService>()
                    .CreateAsync(owner, new Domain.Pbx.RingGroupInput { Number = ShortNumber(), Name = "Victim", Strategy = "sequential" }))).Id,
                "queue" => (await _app.InOrganizationAsync(org, sp => sp.GetRequiredService<Domain.Pbx.QueueService>()
                    .CreateAsync(owner, new Domain.Pbx.QueueInput { Number = ShortNumber(), Name = "Victim", Strategy = "ringall" }))).Id,
                "trunk" => (await _app.InOrganizationAsync(org, sp => sp.GetRequiredService<Domain.Pbx.TrunkService>()
                    .CreateAsync(owner, new Domain.Pbx.TrunkInput { Name = "Victim " + Unique(), Host = "203.0.113.60" }))).Id,
                "did" => (await _app.InOrganizationAsync(org, async sp => await sp.GetRequiredService<Domain.Pbx.DidService>()
                    .CreateAsync(owner, new Domain.Pbx.DidInput { Number = E164Number(), TrunkId = await PbxVictimAsync("Trunks", "trunk") }))).Id,
                "route" => (await _app.InOrganizationAsync(org, async sp => await sp.GetRequiredService<Domain.Pbx.OutboundRouteService>()
                    .CreateAsync(owner, new Domain.Pbx.OutboundRouteInput { Name = "Victim", Patterns = [new("_8" + ShortNumber() + ".")], TrunkIds = [await PbxVictimAsync("Trunks", "trunk")] }))).Id,
                "emergency" => (await _app.InOrganizationAsync(org, async sp => await sp.GetRequiredService<Domain.Pbx.EmergencyNumberService>()
                    .CreateAsync(owner, new Domain.Pbx.EmergencyNumberInput { Number = ShortNumber(), CallerIdDidId = await PbxVictimAsync("Dids", "did"), TrunkIds = [await PbxVictimAsync("Trunks", "trunk")] }))).Id,
                "shared trunk" => (await _app.WithScopeAsync(sp => sp.GetRequiredService<Domain.Pbx.TrunkService>()
                    .CreateSharedAsync(manager, new Domain.Pbx.TrunkInput { Name = "Victim " + Unique(), Host = "198.51.100.60" }))).Id,
                _ => (await _app.WithScopeAsync(sp => sp.GetRequiredService<Domain.Pbx.NumberInventory>().AddAsync(manager, E164Number(), null))).Id,
            };
            _pbxVictims[kind] = id;
            return id;
        }

        private static string? TelephonyTable(string page) => page switch
        {
            _ when page.StartsWith("/Org/Extensions", StringComparison.Ordinal) => "Extensions",
            _ when page.StartsWith("/Org/RingGroups", StringComparison.Ordinal) => "RingGroups",
            _ when page.StartsWith("/Org/Queues", StringComparison.Ordinal) => "Queues",
            _ when page.StartsWith("/Org/Trunks", StringComparison.Ordinal) => "Trunks",
            _ when page.StartsWith("/Org/Numbers", StringComparison.Ordinal) => "Dids",
            _ when page.StartsWith("/Org/Routes", StringComparison.Ordinal) => "OutboundRoutes",
            _ when page.StartsWith("/Org/Emergency", StringComparison.Ordinal) => "EmergencyNumbers",
            _ when page.StartsWith("/Platform/Numbers", StringComparison.Ordinal) => "PlatformDids",
            _ when page.StartsWith("/Platform/Trunks", StringComparison.Ordinal) => "SharedTrunks",
            _ => null,
        };

        private readonly Dictionary<string, Guid> _telephony = [];

        /// <summary>One telephony resource of the fuzz organization (or of the platform) for pages with an {id}, made again when a handler removed it.</summary>
        private async Task<Guid> VictimTelephonyAsync(string kind)
        {
            var table = kind switch { "PlatformDids" => "Dids", "SharedTrunks" => "Trunks", _ => kind };
            if (_telephony.TryGetValue(kind, out var id) && await ScalarAsync($"SELECT count(*) FROM {table} WHERE Id = '{id.ToString().ToUpperInvariant()}'") > 0) return id;
            var admin = await _app.AdminActorAsync();
            var org = Organization.Organization.Id;
            async Task<Guid> In(Func<IServiceProvider, Task<Guid>> work) => await _app.InOrganizationAsync(org, work);
            async Task<Guid> TrunkAsync() => await In(async sp => (await sp.GetRequiredService<Domain.Pbx.TrunkService>().CreateAsync(admin,
                new Domain.Pbx.TrunkInput { Name = "Fuzz " + Unique(), Host = "203.0.113.9" })).Id);
            async Task<Guid> DidAsync(Guid trunk) => await In(async sp => (await sp.GetRequiredService<Domain.Pbx.DidService>().CreateAsync(admin,
                new Domain.Pbx.DidInput { Number = Pbx.PbxTestKit.NewNumber(), TrunkId = trunk })).Id);
            string Number() => Random.Shared.Next(10_000, 999_999).ToString();
            id = kind switch
            {
                "Extensions" => await In(async sp => (await sp.GetRequiredService<Domain.Pbx.ExtensionService>().CreateAsync(admin, new Domain.Pbx.ExtensionInput { Number = Number() })).ExtensionId),
                "RingGroups" => await In(async sp => (await sp.GetRequiredService<Domain.Pbx.RingGroupService>().CreateAsync(admin,
                    new Domain.Pbx.RingGroupInput { Number = Number(), Name = "Fuzz", Strategy = "simultaneous" })).Id),
                "Queues" => await In(async sp => (await sp.GetRequiredService<Domain.Pbx.QueueService>().CreateAsync(admin,
                    new Domain.Pbx.QueueInput { Number = Number(), Name = "Fuzz", Strategy = "ringall" })).Id),
                "Trunks" => await TrunkAsync(),
                "Dids" => await DidAsync(await TrunkAsync()),
                "OutboundRoutes" => await In(async sp => (await sp.GetRequiredService<Domain.Pbx.OutboundRouteService>().CreateAsync(admin,
                    new Domain.Pbx.OutboundRouteInput { Name = "Fuzz " + Unique(), Patterns = [new("_9" + Number() + "X.")], TrunkIds = [await TrunkAsync()] })).Id),
                "EmergencyNumbers" => await In(async sp =>
                {
                    var trunk = await TrunkAsync();
                    return (await sp.GetRequiredService<Domain.Pbx.EmergencyNumberService>().CreateAsync(admin,
                        new Domain.Pbx.EmergencyNumberInput { Number = Number(), CallerIdDidId = await DidAsync(trunk), TrunkIds = [trunk] })).Id;
                }),
                "SharedTrunks" => await _app.WithScopeAsync(async sp => (await sp.GetRequiredService<Domain.Pbx.TrunkService>().CreateSharedAsync(admin,
                    new Domain.Pbx.TrunkInput { Name = "Fuzz shared " + Unique(), Host = "203.0.113.8" })).Id),
                _ => await _app.WithScopeAsync(async sp => (await sp.GetRequiredService<Domain.Pbx.NumberInventory>().AddAsync(admin, Pbx.PbxTestKit.NewNumber(), null)).Id),
            };
            _telephony[kind] = id;
            return id;
        }

        private async Task<Guid> VictimOrganizationAsync()
        {
            if (_victimOrganization is null || await ScalarAsync($"SELECT count(*) FROM Organizations WHERE Id = '{_victimOrganization.Organization.Id.ToString().ToUpperInvariant()}' AND Status = 'Active'") == 0)
                _victimOrganization = await _app.CreateOrganizationAsync("Fuzz target " + Unique());
            return _victimOrganization.Organization.Id;
        }

        /// <summary>Everything a change leaves behind: audit entries (every change writes one) and the rows of each table.</summary>
        public async Task<string> CountsAsync()
        {
            var counts = new List<long>();
            foreach (var table in new[] { "AuditEntries", "Accounts", "Memberships", "Organizations", "Extensions", "ApiKeys", "PlatformTokens" })
                counts.Add(await ScalarAsync($"SELECT count(*) FROM {table}"));
            return string.Join(",", counts);
        }

        private async Task<long> ScalarAsync(string sql)
        {
            await using var command = _db.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        private static string? Attribute(string tag, string name)
        {
            var match = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
            return match.Success ? match.Groups[1].Value : null;
        }
    }

    /// <summary>A browser-like session that posts raw bytes (so invalid UTF-8 can be sent), with its antiforgery token.</summary>
    private sealed class FormSession
    {
        private readonly OpbxApp _app;
        private readonly string? _email;
        private readonly string _tokenPage;
        private string _token = "";

        private FormSession(OpbxApp app, string? email, string tokenPage)
        {
            _app = app;
            _email = email;
            _tokenPage = tokenPage;
            Client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        }

        public HttpClient Client { get; }
        public bool IsSignedIn => _email is not null;

        public static async Task<FormSession> SignInAsync(OpbxApp app, string email, string tokenPage)
        {
            var session = new FormSession(app, email, tokenPage);
            await session.SignInAgainAsync();
            return session;
        }

        public static async Task<FormSession> AnonymousAsync(OpbxApp app)
        {
            var session = new FormSession(app, null, "/Identity/Account/Login");
            await session.RefreshTokenAsync();
            return session;
        }

        public async Task SignInAgainAsync()
        {
            await RefreshTokenAsync("/Identity/Account/Login");
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = _email!,
                ["Input.Password"] = Password,
                ["__RequestVerificationToken"] = _token,
            });
            var response = await Client.PostAsync("/Identity/Account/Login", form);
            if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in of {_email} failed: {response.StatusCode}");
            await RefreshTokenAsync();
        }

        private async Task RefreshTokenAsync(string? page = null)
        {
            var html = await Client.GetStringAsync(page ?? _tokenPage);
            _token = TokenPattern().Match(html).Groups[1].Value;
        }

        public async Task<HttpResponseMessage> PostAsync(string url, PageTarget target, Dictionary<string, string> baseline, Field field, Hostile value)
        {
            if (target.Fields.Any(f => f.IsFile))
            {
                var multipart = new MultipartFormDataContent { { new StringContent(_token), "__RequestVerificationToken" } };
                foreach (var (k, v) in baseline.Where(b => !string.Equals(b.Key, field.Name, StringComparison.OrdinalIgnoreCase))) multipart.Add(new StringContent(v), k);
                var part = new ByteArrayContent(value.Bytes);
                if (field.IsFile) multipart.Add(part, field.Name, "fuzz.csv");
                else multipart.Add(part, field.Name);
                return await Client.PostAsync(url, multipart);
            }
            var body = new MemoryStream();
            void Append(string name, byte[] bytes)
            {
                if (body.Length > 0) body.WriteByte((byte)'&');
                var encodedName = Encoding.ASCII.GetBytes(Uri.EscapeDataString(name));
                body.Write(encodedName);
                body.WriteByte((byte)'=');
                foreach (var b in bytes)
                {
                    if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9') body.WriteByte(b);
                    else body.Write(Encoding.ASCII.GetBytes($"%{b:X2}"));
                }
            }
            foreach (var (k, v) in baseline.Where(b => !string.Equals(b.Key, field.Name, StringComparison.OrdinalIgnoreCase))) Append(k, Encoding.UTF8.GetBytes(v));
            Append(field.Name, value.Bytes);
            Append("__RequestVerificationToken", Encoding.UTF8.GetBytes(_token));
            var content = new ByteArrayContent(body.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            return await Client.PostAsync(url, content);
        }
    }

    [GeneratedRegex("\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("<form\\b(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("[?&]handler=(\\w+)")]
    private static partial Regex HandlerPattern();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex("<select\\b[^>]*\\sname=\"(?<name>[^\"]+)\"[^>]*>(?<options>.*?)</select>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SelectPattern();

    [GeneratedRegex("<option\\b[^>]*value=\"(?<value>[^\"]*)\"[^>]*\\sselected", RegexOptions.IgnoreCase)]
    private static partial Regex SelectedPattern();
}
