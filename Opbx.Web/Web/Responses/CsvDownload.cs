using CsvHelper;
using Opbx.Domain;

namespace Opbx.Web.Responses;

/// <summary>Streams a CSV file to the browser as a download, written with the exports' one writer (<see cref="CsvExport"/>).</summary>
public static class CsvDownload
{
    public static async Task WriteAsync(HttpResponse response, string fileName, Func<CsvWriter, Task> write)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(response.Body);
        await using (var csv = CsvExport.Create(writer))
        {
            await write(csv);
        }
    }
}
