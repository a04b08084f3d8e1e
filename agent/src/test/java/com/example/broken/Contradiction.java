package com.example.broken;

import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/** Attributes the runtime refuses: the class is left as it was, with one warning. */
public class Contradiction {
    @UnitOfWork(propagation = Propagation.MANDATORY, retries = 3)
    public boolean retried() {
        return InUnit.now();
    }

    @UnitOfWork
    public boolean fine() {
        return InUnit.now();
    }

    /** Whether a unit is active on this thread. */
    public static final class InUnit {
        private InUnit() {
        }

        public static boolean now() {
            try {
                Session.current();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }
}
