// The product's namespaces, once for the whole project: files move between product folders without every consumer's
// using lines changing with them.
global using Opbx.Data;
global using Opbx.Domain;
global using Opbx.Domain.Access;
global using Opbx.Domain.Audit;
global using Opbx.Domain.Calls;
global using Opbx.Domain.Organizations;
global using Opbx.Domain.People;
global using Opbx.Domain.Rules;
global using Opbx.Domain.Values;
global using Opbx.Web.Authentication;
global using Opbx.Web.Errors;
global using Opbx.Web.Forms;
global using Opbx.Web.Htmx;
global using Opbx.Web.Responses;
global using Opbx.Web.Security;
global using Opbx.Web.Tenancy;
