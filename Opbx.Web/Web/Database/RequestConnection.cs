using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Web.Database;

/// <summary>
/// Opens the request's database connection once, for all of its queries. Left to itself, EF Core opens and closes the
/// connection around every query, and every open of a SQLite connection registers EF Core's dozen SQL functions again
/// (each a finalizable handle): on a page of ten queries that cost more CPU than the queries (measured with dotnet-trace:
/// the finalizer thread alone took a quarter of the process under load). Transactions (<see cref="WriteTransaction"/>)
/// still open and close around their work; EF Core counts the opens, so the connection stays open until the request's
/// scope ends and returns it to the pool.
/// </summary>
public static class RequestConnection
{
    public static IApplicationBuilder UseOneConnectionPerRequest(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The health check answers from its own cached probe and the metrics from memory: no connection for them.
        if (context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            await next(context);
            return;
        }
        var db = context.RequestServices.GetRequiredService<OpbxDb>();
        try
        {
            await db.Database.OpenConnectionAsync(context.RequestAborted);
        }
        catch (SqliteException)
        {
            // The database cannot be opened now: the request's first query meets the same fault and is answered as before.
        }
        await next(context);
    });
}
