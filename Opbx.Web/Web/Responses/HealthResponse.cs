using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Opbx.Web.Responses;

/// <summary>How /healthz answers: the HTTP side of <see cref="Data.DatabaseHealthCheck"/>, which knows nothing of HTTP.</summary>
public static class HealthResponse
{
    /// <summary>"Healthy", or the status with the reason ("Unhealthy: The server's disk is full: ..."), as plain text.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var reason = report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => !string.IsNullOrEmpty(d));
        return context.Response.WriteAsync(reason is null ? report.Status.ToString() : $"{report.Status}: {reason}");
    }
}
