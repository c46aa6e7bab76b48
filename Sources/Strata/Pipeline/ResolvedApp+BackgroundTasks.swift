extension ResolvedApp {
    /// Runs a response's background tasks in resolved order, one at a time unless the route
    /// asks for concurrency. A failure is reported and the next task still runs.
    func runBackgroundTasks(_ tasks: [BackgroundTask], for request: Request, concurrently: Bool, route: String) async {
        if concurrently {
            await withTaskGroup(of: Void.self) { group in
                for task in tasks {
                    group.addTask { await self.run(task, for: request, route: route) }
                }
            }
        } else {
            for task in tasks {
                await run(task, for: request, route: route)
            }
        }
    }

    private func run(_ task: BackgroundTask, for request: Request, route: String) async {
        do {
            try await task.work(request)
        } catch {
            reportError(ErrorReport(source: .backgroundTask(name: task.name), error: error, route: route))
        }
    }
}
