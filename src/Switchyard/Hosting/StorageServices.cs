using Microsoft.Extensions.DependencyInjection;
using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>Registers one storage instance's stores by their interfaces, for both listeners' endpoints.</summary>
internal static class StorageServices
{
    public static void Add(IServiceCollection services, IStorage storage)
    {
        services.AddSingleton(storage);
        services.AddSingleton(storage.Blobs);
        services.AddSingleton(storage.BlobCollector);
        services.AddSingleton(storage.Accounts);
        services.AddSingleton(storage.Assets);
        services.AddSingleton(storage.Secrets);
        services.AddSingleton(storage.Kv);
        services.AddSingleton(storage.Namespaces);
        services.AddSingleton(storage.Scripts);
        services.AddSingleton(storage.Schedules);
        services.AddSingleton(storage.Workers);
        services.AddSingleton(storage.Zones);
        services.AddSingleton(storage.Routes);
    }
}
