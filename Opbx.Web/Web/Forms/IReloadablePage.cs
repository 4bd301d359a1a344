namespace Opbx.Web.Forms;

/// <summary>A page that needs its lists and lookups loaded again before it re-renders with errors.</summary>
public interface IReloadablePage
{
    Task ReloadAsync();
}
