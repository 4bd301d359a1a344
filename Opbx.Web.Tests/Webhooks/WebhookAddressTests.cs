using System.Net;
using Microsoft.Extensions.Options;
using Opbx.Domain.Webhooks;

namespace Opbx.Tests.Webhooks;

/// <summary>Private-address refusal: which addresses count, the registration check, and the delivery-time check against a real receiver.</summary>
public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.127.255.254", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("169.254.169.254", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:8.8.8.8", false)]
    [InlineData("2002:7f00:1::1", true)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Private_addresses(string address, bool refused) => Assert.Equal(refused, WebhookAddresses.IsPrivate(IPAddress.Parse(address)));

    private static readonly WebhookOptions Strict = new();
    private static readonly WebhookOptions Lenient = new() { AllowHttp = true, AllowPrivateAddresses = true };

    [Theory]
    [InlineData("https://example.com/hook", true, true)]
    [InlineData("  https://example.com/hook  ", true, true)]
    [InlineData("http://example.com/hook", false, true)]
    [InlineData("ftp://example.com/hook", false, false)]
    [InlineData("https://user:pw@example.com/hook", false, false)]
    [InlineData("https://example.com/hook#part", false, false)]
    [InlineData("https://127.0.0.1/hook", false, true)]
    [InlineData("https://10.0.0.5/hook", false, true)]
    [InlineData("https://169.254.169.254/latest/meta-data", false, true)]
    [InlineData("https://[::1]/hook", false, true)]
    [InlineData("https://[fd00::1]/hook", false, true)]
    [InlineData("https://localhost/hook", false, true)]
    [InlineData("https://api.localhost/hook", false, true)]
    [InlineData("example.com/hook", false, false)]
    [InlineData("", false, false)]
    [InlineData("https://exa mple.com/", false, false)]
    public void Registration_check(string url, bool strictAccepts, bool lenientAccepts)
    {
        Assert.Equal(strictAccepts, WebhookUrl.Check(url, Strict).Error is null);
        Assert.Equal(lenientAccepts, WebhookUrl.Check(url, Lenient).Error is null);
    }

    [Fact]
    public void A_refused_url_says_why()
    {
        Assert.Contains("https://", WebhookUrl.Check("http://example.com/", Strict).Error);
        Assert.Contains("private", WebhookUrl.Check("https://192.168.0.10/", Strict).Error);
        Assert.Contains("at most", WebhookUrl.Check("https://example.com/" + new string('a', 2100), Strict).Error);
    }

    private static WebhookSender Sender(bool allowPrivate) =>
        new(Options.Create(new OpbxOptions { Webhooks = new WebhookOptions { AllowHttp = true, AllowPrivateAddresses = allowPrivate, Timeout = TimeSpan.FromSeconds(5) } }),
            TimeProvider.System);

    [Fact]
    public async Task At_delivery_a_host_that_resolves_to_loopback_is_refused_before_connecting_unless_the_operator_allows_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var strict = Sender(allowPrivate: false);
        // "localhost" is a name, resolved at delivery (the registration check is not what stops it here).
        foreach (var url in new[] { $"http://localhost:{receiver.Port}/hook", $"http://127.0.0.1:{receiver.Port}/hook", "http://169.254.169.254/latest/meta-data" })
        {
            var attempt = await strict.SendAsync(url, "whsec_test", "evt_1", "deploy.finished", "{}", CancellationToken.None);
            Assert.False(attempt.Succeeded, url);
            Assert.Null(attempt.StatusCode);
            Assert.StartsWith("Refused:", attempt.Error);
        }
        Assert.Empty(receiver.Requests);

        using var lenient = Sender(allowPrivate: true);
        var allowed = await lenient.SendAsync($"http://localhost:{receiver.Port}/hook", "whsec_test", "evt_1", "deploy.finished", "{}", CancellationToken.None);
        Assert.True(allowed.Succeeded, allowed.Error);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task At_delivery_redirects_are_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (302, "", "http://169.254.169.254/latest/meta-data");
        using var sender = Sender(allowPrivate: true);
        var attempt = await sender.SendAsync(receiver.Url, "whsec_test", "evt_1", "deploy.finished", "{}", CancellationToken.None);
        Assert.False(attempt.Succeeded);
        Assert.Equal(302, attempt.StatusCode);
        Assert.Single(receiver.Requests);
    }
}
