package com.example.jobs;

import org.quartz.JobBuilder;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * The application's own service over Quartz's JDBC job store, which takes its connections from its
 * HikariCP pool and commits or rolls back each store operation itself. No unitofwork type.
 */
public class JobBooking {
    private final Scheduler scheduler;

    public JobBooking(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Books two jobs; fails between them, as a crash or a refused check would. */
    public void bookPair(String first, String second, boolean failHalfWay) throws SchedulerException {
        book(first);
        if (failHalfWay) {
            throw new IllegalStateException("booking failed after job " + first);
        }
        book(second);
    }

    /** Books each job, skipping those booked already: Quartz rolls back each duplicate, and this goes on. */
    public int bookAll(String... names) throws SchedulerException {
        int booked = 0;
        for (String name : names) {
            try {
                book(name);
                booked++;
            } catch (ObjectAlreadyExistsException e) {
                // booked before: nothing to do
            }
        }
        return booked;
    }

    private void book(String name) throws SchedulerException {
        scheduler.addJob(JobBuilder.newJob(NoteJob.class).withIdentity(name, "booking").storeDurably().build(), false);
    }
}
