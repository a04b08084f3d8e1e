package com.example.jobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A job that does nothing: the program only books jobs, it never starts the scheduler. */
public class NoteJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
    }
}
