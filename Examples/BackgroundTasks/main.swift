import Strata

// swift run BackgroundTasks [--port 8000] — work after the response, and a graceful shutdown
// that waits for it: on SIGTERM the counts of scheduled and finished tasks are printed.
let mails = MailCounter()
try await makeSignupApp(mails: mails, mailDelay: .milliseconds(20)).run()
